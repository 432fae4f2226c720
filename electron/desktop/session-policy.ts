// The session's answer to every permission a page asks for or checks: no camera, microphone, location,
// notifications, devices, screen capture... The studio needs none. One exception: writing text to the clipboard
// from the renderer page itself (Chromium asks it of navigator.clipboard.writeText, and allows it only during a
// user gesture), so a copy button works in the desktop app as it does in a browser tab.

/** Permissions the renderer page is granted; every other permission, and every other page, is refused. */
export const RENDERER_PERMISSIONS: ReadonlySet<string> = new Set(['clipboard-sanitized-write']);

/** The part of Electron's Session the policy uses. */
export interface PolicedSession {
  setPermissionRequestHandler(
    handler: (
      webContents: unknown,
      permission: string,
      callback: (granted: boolean) => void,
      details: { requestingUrl?: string },
    ) => void,
  ): void;
  setPermissionCheckHandler(
    handler: (
      webContents: unknown,
      permission: string,
      requestingOrigin: string,
      details: { requestingUrl?: string },
    ) => boolean,
  ): void;
  setDevicePermissionHandler(handler: (details: unknown) => boolean): void;
}

/** Is `permission`, asked by the frame at `requestingUrl`, granted? */
export function permissionGranted(
  isTrustedUrl: (url: string) => boolean,
  permission: string,
  requestingUrl: string | undefined,
): boolean {
  return RENDERER_PERMISSIONS.has(permission) && requestingUrl !== undefined && isTrustedUrl(requestingUrl);
}

/** Requests and checks answered by permissionGranted; devices (HID, serial, USB, Bluetooth) always refused. */
export function applySessionPolicy(session: PolicedSession, isTrustedUrl: (url: string) => boolean): void {
  session.setPermissionRequestHandler((_contents, permission, callback, details) =>
    callback(permissionGranted(isTrustedUrl, permission, details?.requestingUrl)),
  );
  session.setPermissionCheckHandler((_contents, permission, _origin, details) =>
    permissionGranted(isTrustedUrl, permission, details?.requestingUrl),
  );
  session.setDevicePermissionHandler(() => false);
}
