// The page asked for before signing in, carried as ?next=… and followed after.
// Only a path of this app is followed, never another site.

export const HOME = '/plant';

export function safeNext(value: string | null | undefined): string {
  if (!value?.startsWith('/') || value.startsWith('//') || value.startsWith('/\\')) {
    return HOME;
  }
  if (value.startsWith('/sign-in') || value.startsWith('/change-password')) return HOME;
  return value;
}

/** `/sign-in`, with the page to return to when there is one worth returning to. */
export function signInPath(next?: string): string {
  const target = next ? safeNext(next) : HOME;
  return target === HOME ? '/sign-in' : `/sign-in?next=${encodeURIComponent(target)}`;
}

export function changePasswordPath(next?: string): string {
  const target = next ? safeNext(next) : HOME;
  return target === HOME
    ? '/change-password'
    : `/change-password?next=${encodeURIComponent(target)}`;
}
