// User management (users.manage): list, create, change, reset a password.
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { User } from './auth';
import { getJson, request } from './client';

export interface NewUser {
  username: string;
  displayName: string;
  roles: string[];
  language: string;
}

export interface UserChanges {
  displayName?: string;
  roles?: string[];
  language?: string;
  active?: boolean;
}

const USERS = ['users'] as const;

export const useUsers = () =>
  useQuery({ queryKey: USERS, queryFn: ({ signal }) => getJson<User[]>('/api/users', signal) });

function useUsersMutation<V, R>(mutationFn: (variables: V) => Promise<R>) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn,
    onSuccess: () => queryClient.invalidateQueries({ queryKey: USERS }),
  });
}

/** Without a password the server makes one, returns it once, and the user must change it. */
export const useCreateUser = () =>
  useUsersMutation((user: NewUser) =>
    request<{ user: User; password?: string }>('POST', '/api/users', { body: user }),
  );

export const useUpdateUser = () =>
  useUsersMutation(({ id, changes }: { id: string; changes: UserChanges }) =>
    request<User>('PATCH', `/api/users/${encodeURIComponent(id)}`, { body: changes }),
  );

/** A generated password, shown once; the user must change it at the next sign-in. */
export const useResetPassword = () =>
  useUsersMutation((id: string) =>
    request<{ password: string }>('POST', `/api/users/${encodeURIComponent(id)}/password`),
  );
