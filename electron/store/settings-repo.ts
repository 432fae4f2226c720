import { StudioError } from '../../shared/errors';
import type { Statements } from './statements';

/** Per-project settings (default model, chain presets, export options, ...) as JSON values by key. */
export class SettingsRepo {
  constructor(private readonly sql: Statements) {}

  /** The stored value, or undefined when the key was never set. Callers validate its shape. */
  get(key: string): unknown {
    const json = this.sql.get('SELECT value FROM settings WHERE key = ?').pluck().get(key) as
      string | undefined;
    return json === undefined ? undefined : (JSON.parse(json) as unknown);
  }

  set(key: string, value: unknown): void {
    const json = JSON.stringify(value) as string | undefined;
    if (json === undefined) {
      throw new StudioError('invalid_input', `The setting "${key}" needs a JSON value; got ${typeof value}.`);
    }
    this.sql
      .get(
        'INSERT INTO settings (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value',
      )
      .run(key, json);
  }
}
