// The folder models are looked up in and downloaded to: VISPROMPT_MODELS_DIR when set (tests, shared
// installs), else the user's choice (kept in <data dir>/models.json), else <data dir>/models.
import { isAbsolute, join, resolve } from 'node:path';
import { z } from 'zod';
import { StudioError } from '../../shared/errors';
import { JsonFile } from '../fs/json-file';

export const MODELS_DIR_ENV = 'VISPROMPT_MODELS_DIR';
/** A base URL serving <id>/<file> in place of the manifest URLs (an offline mirror, a company cache). */
export const MODELS_MIRROR_ENV = 'VISPROMPT_MODELS_MIRROR';

export type ModelsDirSource = 'env' | 'setting' | 'default';

const configSchema = z.object({ modelsDir: z.string().min(1).nullable() });

export class ModelsDirConfig {
  private readonly file: JsonFile<typeof configSchema>;

  constructor(
    private readonly dataDir: string,
    private readonly env: NodeJS.ProcessEnv = process.env,
  ) {
    this.file = new JsonFile(join(dataDir, 'models.json'), configSchema, () => ({ modelsDir: null }));
  }

  async resolve(): Promise<{ dir: string; source: ModelsDirSource }> {
    const fromEnv = this.env[MODELS_DIR_ENV]?.trim();
    if (fromEnv) return { dir: resolve(fromEnv), source: 'env' };
    const { modelsDir } = await this.file.read();
    if (modelsDir) return { dir: modelsDir, source: 'setting' };
    return { dir: join(this.dataDir, 'models'), source: 'default' };
  }

  /** The mirror base URL, or null to fetch from the manifest URLs. */
  mirror(): string | null {
    return this.env[MODELS_MIRROR_ENV]?.trim().replace(/\/+$/, '') || null;
  }

  /** Sets the user's folder (null: back to the default). Relative paths would depend on the cwd: refused. */
  async set(dir: string | null): Promise<void> {
    if (dir !== null && !isAbsolute(dir))
      throw new StudioError('invalid_input', `The models folder must be an absolute path; got '${dir}'.`);
    await this.file.write({ modelsDir: dir === null ? null : resolve(dir) });
  }
}
