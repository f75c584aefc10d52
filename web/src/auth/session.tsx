// The session as the app sees it: who is signed in (GET /api/auth/me on load),
// what they may do, and the ways it ends. The answer lives in the query cache
// under ['session']: null means nobody is signed in.
import { type QueryClient, useQuery, useQueryClient } from '@tanstack/react-query';
import {
  createContext,
  type ReactNode,
  useCallback,
  useContext,
  useEffect,
  useMemo,
  useState,
} from 'react';
import { fetchMe, type Me, signOut as signOutRequest, updateMe } from '../api/auth';
import { ApiError, onSessionEvent, setCsrfToken } from '../api/client';
import { browserLanguage, switchLanguage } from '../i18n';

const SESSION_KEY = ['session'] as const;
// What survives a change of user: the session itself and the public sign-in settings.
const KEPT = new Set(['session', 'auth-config']);

/** Forget everything the previous user fetched, so the next one sees only their own. */
function dropUserData(queryClient: QueryClient) {
  queryClient.removeQueries({ predicate: (query) => !KEPT.has(String(query.queryKey[0])) });
}

/** Why the last session ended, for the sign-in page to say. */
export type EndReason = 'signed_out' | 'password_changed' | 'expired';

export interface Session {
  /** undefined while the first answer is awaited; null when nobody is signed in. */
  me: Me | null | undefined;
  error: unknown;
  retry: () => void;
  /** Whether the signed-in user holds a permission. */
  can: (permission: string) => boolean;
  /** After a successful sign-in: the answer carries the user and the CSRF token. */
  signedIn: (me: Me) => void;
  /** The session ended on the server (sign-out, password change): forget it here. */
  ended: (reason: EndReason) => void;
  endReason: EndReason | undefined;
  /** Signs out on the server, then here. */
  signOut: () => Promise<void>;
  /** Keeps the signed-in user's language on the server; the app switches to it at once. */
  chooseLanguage: (language: string) => Promise<void>;
}

const SessionContext = createContext<Session | undefined>(undefined);

export function SessionProvider({ children }: { children: ReactNode }) {
  const queryClient = useQueryClient();
  const query = useQuery({
    queryKey: SESSION_KEY,
    queryFn: async ({ signal }) => {
      const me = await fetchMe(signal);
      setCsrfToken(me?.csrfToken ?? null);
      return me;
    },
    staleTime: Number.POSITIVE_INFINITY,
    refetchOnWindowFocus: false,
  });

  const [endReason, setEndReason] = useState<EndReason>();

  // The signed-in user's own language; before sign-in, the browser's.
  const language = query.data === undefined ? undefined : (query.data?.user.language ?? null);
  useEffect(() => {
    if (language === undefined) return;
    void switchLanguage(language ?? browserLanguage());
  }, [language]);

  const ended = useCallback(
    (reason: EndReason) => {
      setEndReason(reason);
      setCsrfToken(null);
      queryClient.setQueryData(SESSION_KEY, null);
      // After the pages that used the data have gone.
      setTimeout(() => dropUserData(queryClient), 0);
    },
    [queryClient],
  );

  useEffect(
    () =>
      onSessionEvent((event) => {
        if (event === 'lost') ended('expired');
        else void queryClient.invalidateQueries({ queryKey: SESSION_KEY });
      }),
    [queryClient, ended],
  );

  const value = useMemo<Session>(() => {
    const me = query.data;
    const permissions = new Set(me?.permissions ?? []);
    return {
      me,
      error: query.error,
      retry: () => void query.refetch(),
      can: (permission) => permissions.has(permission),
      signedIn: (next) => {
        dropUserData(queryClient);
        setEndReason(undefined);
        setCsrfToken(next.csrfToken);
        queryClient.setQueryData(SESSION_KEY, next);
      },
      ended,
      endReason,
      signOut: async () => {
        try {
          await signOutRequest();
        } catch (error) {
          // Already over on the server: that is what was asked for.
          if (!(error instanceof ApiError && error.status === 401)) throw error;
        }
        ended('signed_out');
      },
      chooseLanguage: async (language) => {
        const updated = await updateMe({ language });
        setCsrfToken(updated.csrfToken);
        // The language effect above follows the session's data: no reload.
        queryClient.setQueryData(SESSION_KEY, updated);
      },
    };
  }, [query.data, query.error, query.refetch, queryClient, ended, endReason]);

  return <SessionContext.Provider value={value}>{children}</SessionContext.Provider>;
}

export function useSession(): Session {
  const session = useContext(SessionContext);
  if (!session) throw new Error('useSession outside <SessionProvider>');
  return session;
}

/** The signed-in user; only for components drawn behind <RequireSession>. */
export function useMe(): Me {
  const { me } = useSession();
  if (!me) throw new Error('useMe with nobody signed in');
  return me;
}

export const useCan = (): ((permission: string) => boolean) => useSession().can;
