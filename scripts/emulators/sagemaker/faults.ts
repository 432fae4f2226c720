// Fault injection per endpoint, for reliability tests and demos: set programmatically (emulator.faults) or over
// HTTP (PUT /_emulator/faults/{endpoint} with this JSON; DELETE to clear). A fault applies to the next `times`
// invocations (all of them when absent), then the endpoint behaves again.
import { z } from 'zod';
import { AWS_ERRORS } from './protocol';

const invokeErrors = [
  'ValidationError',
  'ModelNotReadyException',
  'ThrottlingException',
  'InternalFailure',
  'ServiceUnavailable',
  'InternalDependencyException',
] as const satisfies readonly (keyof typeof AWS_ERRORS)[];

export const faultSchema = z
  .object({
    /** Wait this long before answering (with or without another fault). */
    latencyMs: z.number().int().min(0).max(600_000).optional(),
    /** Answer this SageMaker error instead of invoking the container. */
    error: z.enum(invokeErrors).optional(),
    /** The container fails with this status and message (SageMaker answers ModelError). */
    modelError: z.object({ status: z.number().int().min(400).max(599), message: z.string() }).optional(),
    /** 200 with a body cut in half: not valid JSON. */
    malformedBody: z.boolean().optional(),
    /** Masks answered at half the image size, as a container with a resizing bug would. */
    wrongMaskSize: z.boolean().optional(),
    /** Async endpoints: InvokeEndpointAsync refused with ThrottlingException, as when the queue is full. */
    queueFull: z.boolean().optional(),
    /** Async endpoints: the request is taken and run, but neither its output nor a failure is ever written. */
    dropOutput: z.boolean().optional(),
    times: z.number().int().positive().optional(),
  })
  .strict();
export type Fault = z.infer<typeof faultSchema>;

export class FaultTable {
  private readonly faults = new Map<string, Fault>();

  set(endpoint: string, fault: Fault): void {
    this.faults.set(endpoint, faultSchema.parse(fault));
  }

  clear(endpoint?: string): void {
    if (endpoint === undefined) this.faults.clear();
    else this.faults.delete(endpoint);
  }

  /** The fault for this invocation (counting it down), or undefined. */
  take(endpoint: string): Fault | undefined {
    const fault = this.faults.get(endpoint);
    if (!fault) return undefined;
    if (fault.times !== undefined) {
      if (fault.times <= 1) this.faults.delete(endpoint);
      else this.faults.set(endpoint, { ...fault, times: fault.times - 1 });
    }
    return fault;
  }
}
