// npm run emulator:bedrock [-- --port N]: the Bedrock Runtime emulator for demos and offline work. Point the
// studio's Bedrock settings at the printed endpoint and sign with the printed test credentials.
import { parseArgs } from 'node:util';
import { TEST_CREDENTIALS } from '../sagemaker/sigv4';
import { EMULATOR_NOTE, startBedrockEmulator } from './server';

const { values } = parseArgs({ options: { port: { type: 'string', default: '4577' } } });
const emulator = await startBedrockEmulator({ port: Number(values.port), log: (line) => console.log(line) });
console.log(`Bedrock Runtime emulator on ${emulator.url} (POST /model/{modelId}/converse)
${EMULATOR_NOTE}
Sign with AWS_ACCESS_KEY_ID=${TEST_CREDENTIALS.accessKeyId} AWS_SECRET_ACCESS_KEY=${TEST_CREDENTIALS.secretAccessKey}
In the studio: Chains > Bedrock settings: endpoint ${emulator.url}, any model id, region us-east-1.`);
const stop = () => void emulator.close().then(() => process.exit(0));
process.on('SIGINT', stop);
process.on('SIGTERM', stop);
