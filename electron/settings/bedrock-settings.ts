// Which Bedrock model plans chains and answers questions, where, and with whose credentials: kept in
// <data dir>/bedrock.json. No model id means no Bedrock: the offline planner and templates answer instead.
import { join } from 'node:path';
import { bedrockSettingsSchema, type BedrockSettings } from '../../shared/api/chains';
import { JsonFile } from '../fs/json-file';

export const DEFAULT_BEDROCK_SETTINGS: BedrockSettings = {
  modelId: null,
  region: 'us-east-1',
  endpoint: null,
  profile: null,
};

export const bedrockSettingsFile = (dataDir: string) =>
  new JsonFile(join(dataDir, 'bedrock.json'), bedrockSettingsSchema, () => ({ ...DEFAULT_BEDROCK_SETTINGS }));
