// js-yaml (electron-builder's own YAML reader, installed with it) ships no types; the check uses only load().
declare module 'js-yaml' {
  const yaml: { load(text: string): unknown };
  export default yaml;
}
