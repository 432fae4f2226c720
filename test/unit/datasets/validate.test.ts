// The format validators against each format's published example (written here as literals, as the projects'
// READMEs show them), our writers' records checked to have the same shape, and broken files reported by file,
// record and field.
import { describe, expect, it } from 'vitest';
import { formatValidator, formatWriter, type ValidateFormat } from '../../../shared/datasets/formats';
import type { ExportEntry, FormatOptions } from '../../../shared/datasets/formats/format';
import { datasetInfo, DATASET_INFO_FILE } from '../../../shared/datasets/formats/sharegpt';
import { IssueList, type RecordIssue } from '../../../shared/datasets/issues';

function validate(format: ValidateFormat, files: Record<string, string>): RecordIssue[] {
  const issues = new IssueList();
  formatValidator(format).validate(new Map(Object.entries(files)), issues);
  return issues.toReport().items;
}
const errors = (format: ValidateFormat, files: Record<string, string>) =>
  validate(format, files).filter((i) => i.severity === 'error');

const options: FormatOptions = {
  cocoSegmentation: 'rle',
  llavaTemplate: 'qa',
  llavaJsonl: false,
  blip2Variant: 'vqa',
};
const entry: ExportEntry = {
  split: 'train',
  index: 1,
  name: 'a.jpg',
  width: 200,
  height: 100,
  objects: [
    { category: 'car', shape: { kind: 'box', box: [20, 10, 120, 60] } },
    { category: 'car', shape: { kind: 'box', box: [0, 50, 200, 100] } },
    {
      category: 'person',
      shape: {
        kind: 'polygon',
        rings: [
          [
            [150, 10],
            [170, 10],
            [160, 40],
          ],
        ],
      },
    },
    { category: 'DontCare', shape: { kind: 'box', box: [0, 0, 5, 5] }, ignore: true },
  ],
};
const context = () => {
  let id = 0;
  return {
    categoryIds: new Map([
      ['car', 1],
      ['person', 2],
      ['DontCare', 3],
    ]),
    nextAnnotationId: () => ++id,
  };
};
const recordsOf = (format: Parameters<typeof formatWriter>[0]) =>
  formatWriter(format)
    .records(entry, options, context())
    .records.map((r) => r.record);
const keysDeep = (v: unknown): unknown =>
  Array.isArray(v)
    ? keysDeep(v[0])
    : v && typeof v === 'object'
      ? Object.fromEntries(
          Object.entries(v)
            .map(([k, x]) => [k, keysDeep(x)])
            .sort(),
        )
      : typeof v;
const info = { description: '', version: '0', createdAt: '', categories: ['car', 'person', 'DontCare'] };

describe('ShareGPT (LLaMA-Factory)', () => {
  // data/mllm_demo.json's first record and data/dataset_info.json's mllm_demo entry.
  const published = {
    messages: [
      { content: '<image>Who are they?', role: 'user' },
      { content: "They're Kane and Gretzka from Bayern Munich.", role: 'assistant' },
      { content: 'What are they doing?', role: 'user' },
      { content: 'They are celebrating on the soccer field.', role: 'assistant' },
    ],
    images: ['mllm_demo_data/1.jpg'],
  };
  const publishedInfo = {
    mllm_demo: {
      file_name: 'mllm_demo.json',
      formatting: 'sharegpt',
      columns: { messages: 'messages', images: 'images' },
      tags: { role_tag: 'role', content_tag: 'content', user_tag: 'user', assistant_tag: 'assistant' },
    },
  };

  it('accepts the published example and its dataset_info entry', () => {
    expect(
      validate('sharegpt', {
        'mllm_demo.json': JSON.stringify([published]),
        [DATASET_INFO_FILE]: JSON.stringify(publishedInfo),
      }),
    ).toEqual([]);
  });

  it('writes records and a dataset_info entry of the same shape', () => {
    const [record] = recordsOf('sharegpt');
    expect(keysDeep(record)).toEqual(keysDeep(published));
    expect(record).toMatchObject({
      messages: [
        { role: 'user', content: '<image>\nHow many cars are in the image?' },
        { role: 'assistant', content: '2' },
        { role: 'user', content: 'How many people are in the image?' },
        { role: 'assistant', content: '1' },
      ],
      images: ['images/a.jpg'],
    });
    const written = datasetInfo(['images/a.jpg', 'sharegpt_train.json', 'sharegpt_val.json']);
    expect(Object.keys(written)).toEqual(['sharegpt_train', 'sharegpt_val']);
    expect(keysDeep(written.sharegpt_train)).toEqual(keysDeep(publishedInfo.mllm_demo));
    expect(
      validate('sharegpt', {
        'sharegpt_train.json': JSON.stringify([record]),
        'sharegpt_val.json': '[]',
        [DATASET_INFO_FILE]: formatWriter('sharegpt').finish!(
          info,
          Object.keys(written).map((k) => `${k}.json`),
        )[0]!.record,
      }),
    ).toEqual([]);
  });

  it('reports turns out of order, a missing <image> tag and a wrong registry entry where they are', () => {
    const bad = {
      messages: [
        { role: 'assistant', content: 'Hi' },
        { role: 'user', content: 'What?' },
      ],
      images: ['a.jpg'],
    };
    expect(
      errors('sharegpt', {
        'd.json': JSON.stringify([published, bad]),
        [DATASET_INFO_FILE]: JSON.stringify({ d: { file_name: 'd.json', formatting: 'alpaca' } }),
      }).map((i) => i.where),
    ).toEqual([
      'd.json: [1]: messages[0].role',
      'd.json: [1]: messages[1].role',
      'd.json: [1]: messages',
      'dataset_info.json: d: formatting',
      'dataset_info.json: d: columns.messages',
      'dataset_info.json: d: columns.images',
      'dataset_info.json: d: tags.role_tag',
      'dataset_info.json: d: tags.content_tag',
      'dataset_info.json: d: tags.user_tag',
      'dataset_info.json: d: tags.assistant_tag',
    ]);
  });
});

describe('Qwen-VL grounding', () => {
  // Qwen-VL's README, fine-tuning data: the grounding example.
  const published = {
    id: 'identity_1',
    conversations: [
      {
        from: 'user',
        value:
          'Picture 1: <img>https://qianwen-res.oss-cn-beijing.aliyuncs.com/Qwen-VL/assets/demo.jpeg</img>\n图中的狗是什么品种？',
      },
      { from: 'assistant', value: '图中是一只拉布拉多犬。' },
      { from: 'user', value: '框出图中的格子衬衫' },
      { from: 'assistant', value: '<ref>格子衬衫</ref><box>(588,499),(725,789)</box>' },
    ],
  };

  it('accepts the published example', () => {
    expect(validate('qwen-vl', { 'data.json': JSON.stringify([published]) })).toEqual([]);
  });

  it('writes the same layout, boxes on the 0-1000 grid, ignore regions left out', () => {
    const [record] = recordsOf('qwen-vl');
    expect(keysDeep(record)).toEqual(keysDeep(published));
    expect(record).toEqual({
      id: 'a',
      conversations: [
        { from: 'user', value: 'Picture 1: <img>images/a.jpg</img>\nBox every car in the image.' },
        {
          from: 'assistant',
          value: '<ref>car</ref><box>(100,100),(600,600)</box><box>(0,500),(1000,1000)</box>',
        },
        { from: 'user', value: 'Box every person in the image.' },
        { from: 'assistant', value: '<ref>person</ref><box>(750,100),(850,400)</box>' },
      ],
    });
    expect(validate('qwen-vl', { 'qwen_vl_train.json': JSON.stringify([record]) })).toEqual([]);
  });

  it('reports boxes off the grid or malformed, and unpaired tags, by record and turn', () => {
    const bad = {
      id: 'x',
      conversations: [
        { from: 'user', value: 'Picture 1: <img>a.jpg\nBox the car.' },
        { from: 'assistant', value: '<ref>car</ref><box>(10,10),(1200,50)</box><box>(0.5,1),(2,3)</box>' },
      ],
    };
    expect(errors('qwen-vl', { 'q.json': JSON.stringify([published, bad]) })).toEqual([
      expect.objectContaining({
        where: 'q.json: [1]: conversations[0].value',
        message: expect.stringMatching(/<img>/),
      }),
      expect.objectContaining({
        where: 'q.json: [1]: conversations[1].value',
        message: expect.stringMatching(/grid/),
      }),
      expect.objectContaining({
        where: 'q.json: [1]: conversations[1].value',
        message: expect.stringMatching(/integers/),
      }),
    ]);
  });
});

describe('ODVG (Grounding DINO)', () => {
  // Open-GroundingDino's data_format.md: the OD and VG examples.
  const od = [
    '{"filename": "000000391895.jpg", "height": 360, "width": 640, "detection": {"instances": [{"bbox": [359.17, 146.17, 471.62, 359.74], "label": 3, "category": "motorcycle"}, {"bbox": [339.88, 22.16, 493.76, 322.89], "label": 0, "category": "person"}, {"bbox": [471.64, 172.82, 507.56, 220.92], "label": 0, "category": "person"}, {"bbox": [486.01, 183.31, 516.64, 218.29], "label": 1, "category": "bicycle"}]}}',
    '{"filename": "000000522418.jpg", "height": 480, "width": 640, "detection": {"instances": [{"bbox": [382.48, 0.0, 639.28, 474.31], "label": 0, "category": "person"}, {"bbox": [234.06, 406.61, 454.0, 449.28], "label": 43, "category": "knife"}, {"bbox": [0.0, 316.04, 406.65, 473.53], "label": 55, "category": "cake"}, {"bbox": [305.45, 172.05, 362.81, 249.35], "label": 71, "category": "sink"}]}}',
  ].join('\n');
  const vg = [
    '{"filename": "014127544.jpg", "height": 400, "width": 600, "grounding": {"caption": "Homemade Raw Organic Cream Cheese for less than half the price of store bought! It\'s super easy and only takes 2 ingredients!", "regions": [{"bbox": [5.98, 2.91, 599.5, 396.55], "phrase": "Homemade Raw Organic Cream Cheese"}]}}',
    '{"filename": "012378809.jpg", "height": 252, "width": 450, "grounding": {"caption": "naive : Heart graphics in a notebook background", "regions": [{"bbox": [93.8, 47.59, 126.19, 77.01], "phrase": "Heart graphics"}, {"bbox": [2.49, 1.44, 448.74, 251.1], "phrase": "a notebook background"}]}}',
  ].join('\n');
  const cocoLabelMap = JSON.stringify({
    0: 'person',
    1: 'bicycle',
    3: 'motorcycle',
    43: 'knife',
    55: 'cake',
    71: 'sink',
  });

  it('accepts the published detection lines with a label map, and the grounding lines', () => {
    expect(validate('odvg', { 'coco_odvg.jsonl': od, 'label_map.json': cocoLabelMap })).toEqual([]);
    expect(validate('odvg-grounding', { 'grit_odvg.jsonl': vg })).toEqual([]);
  });

  it('writes detection lines and a label map of the same shape, labels from 0, no ignore regions', () => {
    const [record] = recordsOf('odvg');
    expect(keysDeep(record)).toEqual(keysDeep(JSON.parse(od.split('\n')[0]!)));
    expect(record).toEqual({
      filename: 'a.jpg',
      height: 100,
      width: 200,
      detection: {
        instances: [
          { bbox: [20, 10, 120, 60], label: 0, category: 'car' },
          { bbox: [0, 50, 200, 100], label: 0, category: 'car' },
          { bbox: [150, 10, 170, 40], label: 1, category: 'person' },
        ],
      },
    });
    const [labelMap] = formatWriter('odvg').finish!(info, []);
    expect(labelMap).toMatchObject({ file: 'label_map.json' });
    expect(JSON.parse(labelMap!.record)).toEqual({ 0: 'car', 1: 'person' });
    expect(
      validate('odvg', { 'odvg_train.jsonl': JSON.stringify(record), 'label_map.json': labelMap!.record }),
    ).toEqual([]);
  });

  it('writes grounding lines of the same shape, each phrase in the caption', () => {
    const [record] = recordsOf('odvg-grounding');
    expect(keysDeep(record)).toEqual(keysDeep(JSON.parse(vg.split('\n')[1]!)));
    expect(record).toMatchObject({ grounding: { caption: 'car . person .' } });
    expect(validate('odvg-grounding', { 'odvg_train.jsonl': JSON.stringify(record) })).toEqual([]);
  });

  it('reports broken lines by line and field', () => {
    const bad = [
      od.split('\n')[0],
      '{"filename": "b.jpg", "height": 10, "width": 10, "detection": {"instances": [{"bbox": [5, 5, 2, 8], "label": 9, "category": "dog"}]}}',
      'not json',
      '{"filename": "c.jpg", "height": 10, "width": 10, "grounding": {"caption": "x", "regions": []}}',
    ].join('\n');
    expect(errors('odvg', { 'o.jsonl': bad, 'label_map.json': cocoLabelMap }).map((i) => i.where)).toEqual([
      'o.jsonl: line 3',
      'o.jsonl: line 2: detection.instances[0].bbox',
      'o.jsonl: line 2: detection.instances[0].label',
      'o.jsonl: line 4: detection',
    ]);
    expect(
      validate('odvg-grounding', { 'g.jsonl': vg.replace('"phrase": "Heart graphics"', '"phrase": "cat"') }),
    ).toEqual([
      expect.objectContaining({ severity: 'warning', where: 'g.jsonl: line 2: grounding.regions[0].phrase' }),
    ]);
  });
});

/** A COCO file of one 10x10 image and the category car, with these annotations. */
const cocoFile = (annotations: unknown[]) =>
  JSON.stringify({
    images: [{ id: 1, file_name: 'a.jpg', width: 10, height: 10 }],
    categories: [{ id: 1, name: 'car' }],
    annotations,
  });

describe('validators of the existing formats', () => {
  it.each([
    [
      'coco',
      {
        'instances.json': cocoFile([
          {
            id: 1,
            image_id: 1,
            category_id: 1,
            bbox: [0, 0, 2, 2],
            area: 4,
            iscrowd: 0,
            segmentation: [[0, 0, 2, 0, 2, 2]],
          },
        ]),
      },
    ],
    [
      'bdd100k',
      {
        'det.json': JSON.stringify([
          { name: 'a.jpg', labels: [{ id: '1', category: 'car', box2d: { x1: 0, y1: 0, x2: 4, y2: 4 } }] },
        ]),
      },
    ],
    [
      'kitti',
      {
        'label_2/000001.txt':
          'Car 0.00 0 -1.58 587.01 173.33 614.12 200.12 1.65 1.67 3.64 -0.65 1.71 46.70 -1.59\n',
      },
    ],
    ['kitti-tracking', { '0001.txt': '0 2 Car 0 0 -1.5 10 10 50 40 1.6 1.6 3.6 1 1.7 40 -1.5\n' }],
    [
      'llava',
      {
        'llava.json': JSON.stringify([
          {
            id: 'a',
            image: 'a.jpg',
            conversations: [
              { from: 'human', value: '<image>\nWhat?' },
              { from: 'gpt', value: 'A car.' },
            ],
          },
        ]),
      },
    ],
    [
      'blip2',
      {
        'b.csv': 'image,question,answer\r\na.jpg,"How many cars, roughly?",2\r\n',
        'b.jsonl': '{"image":"a.jpg","caption":"A car."}\n',
      },
    ],
  ] as const)('%s: a well-formed file has no problem', (format, files) => {
    expect(validate(format, files)).toEqual([]);
  });

  it.each([
    [
      'coco',
      {
        'instances.json': cocoFile([
          { id: 1, image_id: 1, category_id: 7, bbox: [0, 0, 2, 2], area: 4, iscrowd: 0 },
          { id: 1, image_id: 1, category_id: 1, bbox: [0, 0, 2, 2], iscrowd: 0 },
        ]),
      },
      [
        'instances.json: annotations[0] (id 1)',
        'instances.json: annotations[1]: id',
        'instances.json: annotations[1]: area',
      ],
    ],
    [
      'bdd100k',
      { 'det.json': JSON.stringify([{ name: 'a.jpg', labels: [{ id: '1', category: 'car' }] }]) },
      ['det.json: frames[0] (a.jpg): labels[0] (id 1)'],
    ],
    ['kitti', { 'label_2/000001.txt': 'Car 0.00 0 -1.58 587.01 173.33\n' }, ['label_2/000001.txt: line 1']],
    [
      'llava',
      {
        'llava.jsonl':
          '{"id":"a","image":"a.jpg","conversations":[{"from":"human","value":"What?"},{"from":"gpt","value":"A car."}]}\n',
      },
      ['llava.jsonl: line 1: conversations'],
    ],
    [
      'blip2',
      { 'b.csv': 'image,question,answer\r\na.jpg,How many?\r\nb.jpg,How many?,\r\n' },
      ['b.csv: line 2', 'b.csv: line 3: answer'],
    ],
    ['coco', { 'broken.json': '{"images": [' }, ['broken.json']],
  ] as const)('%s: a broken file is reported where it is wrong', (format, files, where) => {
    expect(errors(format, files).map((i) => i.where)).toEqual(where);
  });

  it("warns about COCO's empty segmentation, which pycocotools' annToMask cannot read", () => {
    const [record] = formatWriter('coco')
      .records(entry, options, context())
      .records.filter((r) => r.kind === 'coco-annotation')
      .map((r) => r.record as { segmentation: unknown });
    const doc = {
      images: [{ id: 1, file_name: 'a.jpg', width: 200, height: 100 }],
      categories: [{ id: 1, name: 'car' }],
      annotations: [{ ...record, segmentation: [] }],
    };
    expect(validate('coco', { 'i.json': JSON.stringify(doc) })).toEqual([
      expect.objectContaining({ severity: 'warning', where: 'i.json: annotations[0]: segmentation' }),
    ]);
  });
});
