// A chart option rendered to PNG without a browser: ECharts' server-side SVG renderer, then sharp (librsvg)
// rasterises the SVG. The results screen draws the same options with ECharts in the page. ECharts loads on the
// first report only: the studio and every CLI command start without it.
import type { ChartOption } from '../../shared/eval/charts';

export async function chartSvg(option: ChartOption, width = 800, height = 450): Promise<string> {
  const echarts = await import('echarts');
  const chart = echarts.init(null, null, { renderer: 'svg', ssr: true, width, height });
  try {
    chart.setOption({ backgroundColor: '#ffffff', ...option });
    return chart.renderToSVGString();
  } finally {
    chart.dispose();
  }
}

export async function chartPng(option: ChartOption, width = 800, height = 450): Promise<Buffer> {
  const { default: sharp } = await import('sharp');
  // Twice the pixels of the layout, so the PNG stays sharp in a Markdown viewer.
  return sharp(Buffer.from(await chartSvg(option, width, height)), { density: 144 })
    .png()
    .toBuffer();
}
