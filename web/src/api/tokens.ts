// API tokens for machines (users.manage): list, issue (the secret shown once), revoke.
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { getJson, request } from './client';

export interface ApiToken {
  id: string;
  name: string;
  username: string;
  prefix: string;
  createdBy: string;
  createdAt: string;
  expiresAt: string | null;
  lastUsedAt: string | null;
  revokedAt: string | null;
}

export interface NewToken {
  name: string;
  userId: string;
  /** ISO 8601 with an offset; omitted: never expires. */
  expiresAt?: string;
}

const TOKENS = ['tokens'] as const;

export const useTokens = () =>
  useQuery({
    queryKey: TOKENS,
    queryFn: ({ signal }) => getJson<ApiToken[]>('/api/tokens', signal),
  });

export function useIssueToken() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (token: NewToken) =>
      request<{ token: string; info: ApiToken }>('POST', '/api/tokens', { body: token }),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: TOKENS }),
  });
}

export function useRevokeToken() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (id: string) =>
      request<ApiToken>('DELETE', `/api/tokens/${encodeURIComponent(id)}`),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: TOKENS }),
  });
}
