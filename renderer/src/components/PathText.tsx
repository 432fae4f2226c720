/**
 * A long path that, when it does not fit, keeps its end (the file name) and cuts its start. The CSS uses
 * direction: rtl for that; the leading LRM mark keeps slashes and dots where they belong.
 */
export function PathText({ path, className }: { path: string; className?: string }) {
  return (
    <span className={className ? `path-text ${className}` : 'path-text'} title={path}>
      {'\u200e' + path + '\u200e'}
    </span>
  );
}
