// AWS credentials for the real SDK clients that talk to our local emulators, set the way a user's machine has
// them. Both change process.env (which studio processes started afterwards inherit): save and restore it.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { TEST_CREDENTIALS } from '../../scripts/emulators/sagemaker/sigv4';

/**
 * A shared credentials file in `dir` with the profile 'emulator' holding the emulators' test keys, as
 * `aws configure --profile emulator` writes it (plus `moreProfiles`, sections in the same format), and an
 * empty config file; the AWS environment variables point at both.
 */
export function useEmulatorProfile(dir: string, moreProfiles = ''): void {
  const credentials = join(dir, 'credentials');
  writeFileSync(
    credentials,
    `[emulator]\naws_access_key_id = ${TEST_CREDENTIALS.accessKeyId}\naws_secret_access_key = ${TEST_CREDENTIALS.secretAccessKey}\n` +
      moreProfiles,
  );
  writeFileSync(join(dir, 'config'), '');
  process.env.AWS_SHARED_CREDENTIALS_FILE = credentials;
  process.env.AWS_CONFIG_FILE = join(dir, 'config');
}

/** The emulators' test keys in AWS_ACCESS_KEY_ID / AWS_SECRET_ACCESS_KEY, where the SDK looks first. */
export function useEmulatorKeys(): void {
  process.env.AWS_ACCESS_KEY_ID = TEST_CREDENTIALS.accessKeyId;
  process.env.AWS_SECRET_ACCESS_KEY = TEST_CREDENTIALS.secretAccessKey;
}
