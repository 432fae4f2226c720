// OpenCV compiled to WebAssembly (@techstark/opencv-js), loaded once per worker. Only the few calls the
// classical engine makes are typed here: the package's own typings describe the browser build and drag in
// DOM types.
import { createRequire } from 'node:module';

export interface Mat {
  readonly rows: number;
  readonly cols: number;
  readonly data: Uint8Array;
  delete(): void;
}

export interface Rect {
  x: number;
  y: number;
  width: number;
  height: number;
}

export interface OpenCv {
  Mat: {
    new (): Mat;
    new (rows: number, cols: number, type: number): Mat;
  };
  Rect: new (x: number, y: number, width: number, height: number) => Rect;
  Size: new (width: number, height: number) => { width: number; height: number };
  CV_8UC1: number;
  CV_8UC3: number;
  INTER_AREA: number;
  INTER_LINEAR: number;
  INTER_NEAREST: number;
  GC_INIT_WITH_RECT: number;
  GC_INIT_WITH_MASK: number;
  resize(
    src: Mat,
    dst: Mat,
    size: { width: number; height: number },
    fx: number,
    fy: number,
    interpolation: number,
  ): void;
  /** Seeds OpenCV's random generator (GrabCut's k-means draws from it). */
  setRNGSeed(seed: number): void;
  grabCut(
    image: Mat,
    mask: Mat,
    rect: Rect,
    bgdModel: Mat,
    fgdModel: Mat,
    iterations: number,
    mode: number,
  ): void;
}

let loading: Promise<{ cv: OpenCv }> | undefined;

/**
 * The OpenCV module once its WebAssembly runtime is ready, wrapped in an object: the module is a thenable
 * that resolves to itself, so it must never be awaited or passed to resolve() bare (the promise would chase
 * it forever).
 */
export function loadOpenCv(): Promise<{ cv: OpenCv }> {
  loading ??= new Promise((resolve, reject) => {
    try {
      const cv = createRequire(import.meta.url)('@techstark/opencv-js') as OpenCv & {
        onRuntimeInitialized?: () => void;
      };
      if ((cv as { Mat?: unknown }).Mat) resolve({ cv });
      else cv.onRuntimeInitialized = () => resolve({ cv });
    } catch (err) {
      reject(err instanceof Error ? err : new Error(String(err)));
    }
  });
  return loading;
}
