// What the emulator runs behind an endpoint name: a function in the role of a SageMaker inference container
// (the reference handler's input_fn -> predict_fn -> output_fn). It answers with a body and a content type, or
// throws ContainerError with the HTTP status a container would return; SageMaker turns those into ModelError.

export interface ContainerRequest {
  body: Buffer;
  contentType: string;
  accept: string | undefined;
  signal: AbortSignal;
}

export interface ContainerReply {
  body: Buffer;
  contentType: string;
}

export type Container = (request: ContainerRequest) => Promise<ContainerReply>;

export class ContainerError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
    this.name = 'ContainerError';
  }
}

export const jsonReply = (value: unknown): ContainerReply => ({
  body: Buffer.from(JSON.stringify(value)),
  contentType: 'application/json',
});

/** The JSON body of a request, checked as the content type says; a container answers 415/400 otherwise. */
export function parseJsonBody(request: ContainerRequest): unknown {
  if (!/^application\/json\b/i.test(request.contentType))
    throw new ContainerError(
      415,
      `Unsupported content type '${request.contentType}': send application/json.`,
    );
  try {
    return JSON.parse(request.body.toString('utf8'));
  } catch {
    throw new ContainerError(400, 'The request body is not valid JSON.');
  }
}
