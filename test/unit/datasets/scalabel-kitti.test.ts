import { describe, expect, it } from 'vitest';
import { IssueList } from '../../../shared/datasets/issues';
import { flattenBezier, readScalabel, scalabelFrame } from '../../../shared/datasets/formats/bdd100k';
import { kittiObjectLine, readKittiObject } from '../../../shared/datasets/formats/kitti';
import { readKittiTracking } from '../../../shared/datasets/formats/kitti-tracking';

const readFrames = (doc: unknown) => {
  const issues = new IssueList();
  return { ...readScalabel(JSON.stringify(doc), 'bdd.json', issues), report: issues.toReport() };
};

describe('readScalabel', () => {
  it('reads box2d, closed poly2d and rle with ids, attributes and frame fields', () => {
    const { images, report } = readFrames({
      frames: [
        {
          name: 'f.jpg',
          videoName: 'v',
          frameIndex: 3,
          labels: [
            {
              id: 609,
              category: 'car',
              attributes: { occluded: true },
              box2d: { x1: 1, y1: 2, x2: 5, y2: 6 },
            },
            {
              id: 'p',
              category: 'person',
              poly2d: [
                {
                  vertices: [
                    [0, 0],
                    [4, 0],
                    [4, 4],
                  ],
                  types: 'LLL',
                  closed: true,
                },
              ],
            },
            {
              id: 'm',
              category: 'road',
              attributes: { crowd: true },
              rle: { counts: '04', size: [2, 2] },
              box2d: { x1: 0, y1: 0, x2: 1, y2: 1 },
            },
          ],
        },
      ],
    });
    expect(report.errors + report.warnings).toBe(0);
    expect(images[0]).toMatchObject({ fileName: 'f.jpg', attributes: { videoName: 'v', frameIndex: 3 } });
    expect(images[0]!.objects.map((o) => o.where)).toEqual(
      ['609', 'p', 'm'].map((id, k) => `bdd.json: frames[0] (f.jpg): labels[${k}] (id ${id})`),
    );
    expect(images[0]!.objects.map(({ where: _where, ...o }) => o)).toEqual([
      {
        category: 'car',
        sourceId: 609, // an integer id stays one
        attributes: { occluded: true },
        shape: { kind: 'box', box: [1, 2, 5, 6] },
        source: { format: 'bdd100k', fields: {}, geometry: { box2d: { x1: 1, y1: 2, x2: 5, y2: 6 } } },
      },
      {
        category: 'person',
        sourceId: 'p',
        shape: {
          kind: 'polygon',
          rings: [
            [
              [0, 0],
              [4, 0],
              [4, 4],
            ],
          ],
        },
        // Its poly2d as the file has it (types, closed), written back while the shape is unchanged.
        source: {
          format: 'bdd100k',
          fields: {},
          geometry: {
            poly2d: [
              {
                vertices: [
                  [0, 0],
                  [4, 0],
                  [4, 4],
                ],
                types: 'LLL',
                closed: true,
              },
            ],
          },
        },
      },
      {
        category: 'road',
        sourceId: 'm',
        ignore: true,
        attributes: { crowd: true },
        shape: { kind: 'mask', rle: { counts: '04', size: [2, 2] } },
        // The label's own box2d is kept beside its mask.
        source: { format: 'bdd100k', fields: {}, geometry: { box2d: { x1: 0, y1: 0, x2: 1, y2: 1 } } },
      },
    ]);
  });

  it.each([
    ['no category', { box2d: { x1: 0, y1: 0, x2: 1, y2: 1 } }, 'error', 'needs a "category"'],
    ['no geometry', { category: 'car' }, 'error', 'no box2d, poly2d or rle'],
    [
      'polyline',
      {
        category: 'lane',
        poly2d: [
          {
            vertices: [
              [0, 0],
              [1, 1],
            ],
            types: 'LL',
            closed: false,
          },
        ],
      },
      'warning',
      'open polyline',
    ],
    [
      '2-point polygon',
      {
        category: 'car',
        poly2d: [
          {
            vertices: [
              [0, 0],
              [1, 1],
            ],
            types: 'LL',
            closed: true,
          },
        ],
      },
      'error',
      'at least 3',
    ],
    [
      'types of the wrong length',
      {
        category: 'car',
        poly2d: [
          {
            vertices: [
              [0, 0],
              [1, 1],
              [2, 0],
            ],
            types: 'LL',
            closed: true,
          },
        ],
      },
      'error',
      'one L or C per vertex',
    ],
    [
      'RLE of the wrong size',
      { category: 'car', rle: { counts: '04', size: [3, 3] } },
      'error',
      'cover 4 pixels',
    ],
    ['empty box', { category: 'car', box2d: { x1: 5, y1: 0, x2: 5, y2: 1 } }, 'error', 'has no area'],
  ])('reports %s', (_name, label, severity, message) => {
    const { images, report } = readFrames([{ name: 'f.jpg', labels: [label] }]);
    expect(images[0]!.objects).toEqual([]);
    expect(report.items).toHaveLength(1);
    expect(report.items[0]).toMatchObject({ severity });
    expect(report.items[0]!.where).toMatch(/^bdd\.json: frames\[0\] \(f\.jpg\): labels\[0\]/);
    expect(report.items[0]!.message).toContain(message);
  });

  it("says which of a Scalabel dataset's own keys are not kept (null ones are nothing lost)", () => {
    const frames = [{ name: 'f.jpg', labels: [] }];
    const config = { attributes: [{ name: 'occluded', toolType: 'switch' }], categories: [{ name: 'car' }] };
    expect(readFrames({ frames, groups: null, config: null }).report).toMatchObject({ warnings: 0 });
    const { images, report } = readFrames({ frames, groups: [{ id: 1 }], config });
    expect(images).toHaveLength(1);
    expect(report.items).toEqual([
      {
        severity: 'warning',
        where: 'bdd.json',
        message: 'Not kept (the export writes frames only): "groups", "config".',
      },
    ]);
  });

  it('flattens Bezier control points (C) into the curve, through the corners (L)', () => {
    const ring = flattenBezier(
      [
        [0, 0],
        [0, 10],
        [10, 10],
        [10, 0],
      ],
      'LCCL',
    );
    expect(ring[0]).toEqual([0, 0]);
    expect(ring[ring.length - 1]).toEqual([10, 0]);
    expect(ring).toHaveLength(9); // the corner, 7 points on the curve, the next corner
    expect(ring[4]![0]).toBeCloseTo(5);
    expect(ring[4]![1]).toBeCloseTo(7.5); // the cubic's midpoint: (p0 + 3 p1 + 3 p2 + p3) / 8
  });

  it('writes a mask box2d with inclusive corners and a polygon as closed L vertices', () => {
    const frame = scalabelFrame({
      fileName: 'f.jpg',
      attributes: { videoName: 'v' },
      objects: [
        { category: 'car', sourceId: 7, shape: { kind: 'mask', rle: { size: [4, 3], counts: '521O2' } } },
        {
          category: 'bus',
          shape: {
            kind: 'polygon',
            rings: [
              [
                [0, 0],
                [2, 0],
                [2, 2],
              ],
            ],
          },
        },
      ],
    });
    expect(frame).toEqual({
      name: 'f.jpg',
      videoName: 'v',
      labels: [
        {
          id: 7, // a number stays one
          category: 'car',
          attributes: {},
          box2d: { x1: 1, y1: 0, x2: 2, y2: 2 },
          rle: { size: [4, 3], counts: '521O2' },
        },
        {
          id: '1',
          category: 'bus',
          attributes: {},
          box2d: { x1: 0, y1: 0, x2: 2, y2: 2 },
          poly2d: [
            {
              vertices: [
                [0, 0],
                [2, 0],
                [2, 2],
              ],
              types: 'LLL',
              closed: true,
            },
          ],
        },
      ],
    });
  });
});

describe('KITTI', () => {
  const car = 'Car 0.00 0 1.55 614.24 181.78 727.31 284.77 1.57 1.73 4.15 1.00 1.75 13.22 1.62';
  const dontCare = 'DontCare -1 -1 -10 503.89 169.71 590.61 190.13 -1 -1 -1 -1000 -1000 -1000 -10';

  it('reads objects, DontCare as ignore, and writes the same lines back', () => {
    const issues = new IssueList();
    const image = readKittiObject(`${car}\n${dontCare}\n`, '000003.txt', '000003.png', issues);
    expect(issues.errors).toBe(0);
    expect(image.objects.map((o) => [o.category, o.shape, o.ignore ?? false])).toEqual([
      ['Car', { kind: 'box', box: [614.24, 181.78, 727.31, 284.77] }, false],
      ['DontCare', { kind: 'box', box: [503.89, 169.71, 590.61, 190.13] }, true],
    ]);
    expect(image.objects.map(kittiObjectLine)).toEqual([car, dontCare]);
  });

  it('writes objects without 3D data with KITTI placeholders, spaces as underscores', () => {
    expect(kittiObjectLine({ category: 'traffic sign', shape: { kind: 'box', box: [1, 2, 3.5, 4] } })).toBe(
      'traffic_sign -1 -1 -10 1.00 2.00 3.50 4.00 -1 -1 -1 -1000 -1000 -1000 -10',
    );
  });

  it('reads tracking lines by frame with track ids', () => {
    const issues = new IssueList();
    const text = [
      '0 0 Car 0 0 -1.98 776.29 167.34 1241.00 374.00 1.50 1.85 4.93 2.92 1.51 6.34 -1.57',
      '0 -1 DontCare -1 -1 -10 356.4 195.81 374.1 216.65 -1000 -1000 -1000 -10 -1 -1 -1',
      '1 0 Car 0 0 -1.98 770 160 1241.00 374.00 1.50 1.85 4.93 2.92 1.51 6.34 -1.57',
    ].join('\n');
    const frames = readKittiTracking(
      text,
      '0001.txt',
      (f) => `0001/${String(f).padStart(6, '0')}.png`,
      issues,
    );
    expect(frames.map((f) => [f.fileName, f.objects.map((o) => o.sourceId ?? null)])).toEqual([
      ['0001/000000.png', ['0', null]],
      ['0001/000001.png', ['0']],
    ]);
  });

  it.each([
    ['too few fields', 'Car 0 0 1 2 3', /has 15 fields .* this one has 6/],
    ['a word where a number goes', car.replace('614.24', 'left'), /followed by 14 numbers/],
    ['an empty box', car.replace('727.31', '614.24'), /has no area/],
  ])('reports %s with its line', (_name, line, message) => {
    const issues = new IssueList();
    readKittiObject(`${car}\n${line}`, 'x.txt', 'x.png', issues);
    expect(issues.toReport().items).toEqual([
      { severity: 'error', where: 'x.txt: line 2', message: expect.stringMatching(message) },
    ]);
  });
});
