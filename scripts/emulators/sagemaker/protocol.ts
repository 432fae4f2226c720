// How SageMaker Runtime answers InvokeEndpoint on the wire (restJson1), so the real SDK client parses our replies
// exactly as it parses the service's: the container's body and Content-Type pass through with
// x-Amzn-Invoked-Production-Variant; errors carry x-amzn-ErrorType (the SDK reads the error name from it, then
// from the body's `code`/`__type`) and a JSON body whose members the SDK copies onto the exception (Message,
// OriginalStatusCode, OriginalMessage, LogStreamArn for ModelError).
import { randomUUID } from 'node:crypto';
import type { ServerResponse } from 'node:http';

/** Every error InvokeEndpoint models, plus the throttling and auth errors every AWS service can answer. */
export const AWS_ERRORS = {
  ValidationError: 400,
  ModelError: 424,
  ModelNotReadyException: 429,
  ThrottlingException: 429,
  InternalFailure: 500,
  ServiceUnavailable: 503,
  InternalDependencyException: 530,
  MissingAuthenticationTokenException: 403,
  IncompleteSignatureException: 403,
  InvalidSignatureException: 403,
  UnrecognizedClientException: 403,
} as const;
export type AwsErrorName = keyof typeof AWS_ERRORS;

export const EMULATOR_ACCOUNT = '123456789012';
export const PRODUCTION_VARIANT = 'AllTraffic';

export function sendInvokeResult(res: ServerResponse, body: Buffer, contentType: string): void {
  res.writeHead(200, {
    'content-type': contentType,
    'content-length': body.length,
    'x-amzn-requestid': randomUUID(),
    'x-amzn-invoked-production-variant': PRODUCTION_VARIANT,
    date: new Date().toUTCString(),
  });
  res.end(body);
}

export function sendAwsError(
  res: ServerResponse,
  name: AwsErrorName,
  message: string,
  extra: Record<string, unknown> = {},
): void {
  const body = Buffer.from(JSON.stringify({ ErrorCode: name, Message: message, ...extra }));
  res.writeHead(AWS_ERRORS[name], {
    'content-type': 'application/json',
    'content-length': body.length,
    'x-amzn-requestid': randomUUID(),
    'x-amzn-errortype': `${name}:http://internal.amazon.com/coral/com.amazonaws.sagemaker/`,
    date: new Date().toUTCString(),
  });
  res.end(body);
}

/** A container that answered non-2xx becomes a ModelError with its status and message, worded as AWS words it. */
export function sendModelError(
  res: ServerResponse,
  endpoint: string,
  region: string,
  originalStatus: number,
  originalMessage: string,
): void {
  const group = `/aws/sagemaker/Endpoints/${endpoint}`;
  // Status 0: the container never answered (timed out), which SageMaker counts as a server error.
  const kind = originalStatus >= 500 || originalStatus === 0 ? 'server' : 'client';
  sendAwsError(
    res,
    'ModelError',
    `Received ${kind} error (${originalStatus}) from primary with message "${originalMessage}". See ` +
      `https://${region}.console.aws.amazon.com/cloudwatch/home?region=${region}#logEventViewer:group=${group} ` +
      `in account ${EMULATOR_ACCOUNT} for more information.`,
    {
      OriginalStatusCode: originalStatus,
      OriginalMessage: originalMessage,
      LogStreamArn: `arn:aws:logs:${region}:${EMULATOR_ACCOUNT}:log-group:${group}`,
    },
  );
}
