import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import { applySessionPolicy, type PolicedSession } from '../../../electron/desktop/session-policy';
import { trustedRendererUrl } from '../../../electron/desktop/trusted-renderer-url';

const index = pathToFileURL('/opt/VisPrompt Studio/resources/app/out/renderer/index.html').href;
const route = `${index}#/image/7?project=%2Fhome%2Fana%2Fp.vpstudio`;

/** A session as the policy sees it: keeps the three handlers it is given. */
function policedSession() {
  const handlers: {
    request?: Parameters<PolicedSession['setPermissionRequestHandler']>[0];
    check?: Parameters<PolicedSession['setPermissionCheckHandler']>[0];
    device?: Parameters<PolicedSession['setDevicePermissionHandler']>[0];
  } = {};
  applySessionPolicy(
    {
      setPermissionRequestHandler: (h) => void (handlers.request = h),
      setPermissionCheckHandler: (h) => void (handlers.check = h),
      setDevicePermissionHandler: (h) => void (handlers.device = h),
    },
    trustedRendererUrl(index),
  );
  /** What a permission request is answered, as Electron hears it through the callback. */
  const request = (permission: string, requestingUrl: string) => {
    const answers: boolean[] = [];
    handlers.request!({}, permission, (granted) => answers.push(granted), { requestingUrl });
    expect(answers).toHaveLength(1);
    return answers[0];
  };
  const check = (permission: string, requestingUrl: string | undefined) =>
    handlers.check!(null, permission, requestingUrl ? new URL(requestingUrl).origin : '', { requestingUrl });
  return { handlers, request, check };
}

// Every permission Electron 40's request and check handlers name.
const PERMISSIONS = [
  'clipboard-read',
  'display-capture',
  'fullscreen',
  'geolocation',
  'idle-detection',
  'media',
  'mediaKeySystem',
  'midi',
  'midiSysex',
  'notifications',
  'pointerLock',
  'keyboardLock',
  'openExternal',
  'speaker-selection',
  'storage-access',
  'top-level-storage-access',
  'window-management',
  'unknown',
  'fileSystem',
  'hid',
  'serial',
  'usb',
  'deprecated-sync-clipboard-read',
];

describe('applySessionPolicy', () => {
  it('refuses every permission request and check, from the renderer page too', () => {
    const { request, check } = policedSession();
    for (const permission of PERMISSIONS)
      for (const url of [route, 'https://evil.example/', 'file:///etc/passwd']) {
        expect(request(permission, url), `request ${permission} from ${url}`).toBe(false);
        expect(check(permission, url), `check ${permission} from ${url}`).toBe(false);
      }
  });

  it('refuses every device (HID, serial, USB, Bluetooth)', () => {
    const { handlers } = policedSession();
    for (const deviceType of ['hid', 'serial', 'usb', 'bluetooth'])
      expect(handlers.device!({ deviceType, origin: 'file://', device: {} })).toBe(false);
  });

  it('lets only the renderer page write text to the clipboard (a copy button)', () => {
    const { request, check } = policedSession();
    expect(request('clipboard-sanitized-write', route)).toBe(true);
    expect(check('clipboard-sanitized-write', route)).toBe(true);
    for (const url of ['https://evil.example/', 'file:///etc/passwd', index.replace('index', 'evil')]) {
      expect(request('clipboard-sanitized-write', url), url).toBe(false);
      expect(check('clipboard-sanitized-write', url), url).toBe(false);
    }
    // A cross-origin subframe's check comes without its URL.
    expect(check('clipboard-sanitized-write', undefined)).toBe(false);
  });
});
