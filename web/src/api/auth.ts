// Signing in and out, the signed-in user, and the roles. Shapes mirror
// src/core/auth/routes.ts.
import { useQuery } from '@tanstack/react-query';
import { ApiError, getJson, request } from './client';

export interface User {
  id: string;
  username: string;
  displayName: string;
  roles: string[];
  language: string;
  active: boolean;
  mustChangePassword: boolean;
  lockedUntil: string | null;
  lastSignInAt: string | null;
  createdAt: string;
}

/** Who is signed in, what they may do, and the CSRF token of the session. */
export interface Me {
  user: User;
  permissions: string[];
  via: 'session' | 'token';
  csrfToken: string | null;
}

export interface AuthConfig {
  demo: boolean;
  demoUsers: string[];
  languages: string[];
}

export interface RoleInfo {
  name: string;
  title: string;
  permissions: string[];
}

export interface RolesAnswer {
  roles: RoleInfo[];
  /** Permission → what it allows, in words. */
  permissions: Record<string, string>;
}

/** The signed-in user, or null when nobody is (401). */
export async function fetchMe(signal?: AbortSignal): Promise<Me | null> {
  try {
    return await getJson<Me>('/api/auth/me', signal);
  } catch (error) {
    if (error instanceof ApiError && error.status === 401) return null;
    throw error;
  }
}

export const signIn = (username: string, password: string) =>
  request<Me>('POST', '/api/auth/sign-in', { body: { username, password } });

export const signOut = () => request<void>('POST', '/api/auth/sign-out');

/** Changes the signed-in user's own settings; the answer is the new `Me`. */
export const updateMe = (changes: { language: string }) =>
  request<Me>('PATCH', '/api/auth/me', { body: changes });

/** Ends the session on success: the person signs in again with the new password. */
export const changePassword = (currentPassword: string, newPassword: string) =>
  request<void>('POST', '/api/auth/password', { body: { currentPassword, newPassword } });

export const useAuthConfig = () =>
  useQuery({
    queryKey: ['auth-config'],
    queryFn: ({ signal }) => getJson<AuthConfig>('/api/auth/config', signal),
    staleTime: Number.POSITIVE_INFINITY,
  });

export const useRoles = () =>
  useQuery({
    queryKey: ['roles'],
    queryFn: ({ signal }) => getJson<RolesAnswer>('/api/roles', signal),
    staleTime: Number.POSITIVE_INFINITY,
  });
