import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useMemo, useState } from 'react';
import type { UserWithPassword } from '@luoshi/shared';
import { useSession } from '../auth/useSession';
import { useI18n } from '../i18n/i18n';
import { ErrorState, Loading } from '../ui/States';
import { usersApi, usersKey } from './api';
import { CreateUserForm } from './CreateUserForm';
import { OneTimePassword } from './OneTimePassword';
import { UserRow } from './UserRow';
import './users.css';

/** /users — accounts of people (admin): list, create, change role/unit, disable/enable, reset passwords. */
export function UsersAdminPage() {
  const { t } = useI18n();
  const qc = useQueryClient();
  const { user: me } = useSession();
  const list = useQuery({ queryKey: usersKey, queryFn: usersApi.list });
  const units = useQuery({ queryKey: ['units'], queryFn: usersApi.units });
  const [shown, setShown] = useState<{ username: string; password: string } | null>(null);
  const names = useMemo(() => new Map((units.data ?? []).map((u) => [u.code, u.name])), [units.data]);
  if (list.isPending || units.isPending) return <Loading />;
  if (list.error) return <ErrorState error={list.error} onRetry={() => void list.refetch()} />;
  if (units.error) return <ErrorState error={units.error} onRetry={() => void units.refetch()} />;
  const refresh = (): void => void qc.invalidateQueries({ queryKey: usersKey });
  const showPassword = (r: UserWithPassword): void => {
    if (r.password) setShown({ username: r.user.username, password: r.password });
  };
  const unitName = (code: string | null): string => (code === null ? '—' : `${names.get(code) ?? code}`);

  return (
    <div className="us-page">
      <h2>{t('usHeading')}</h2>
      {shown ? (
        <OneTimePassword username={shown.username} password={shown.password} onDone={() => setShown(null)} />
      ) : null}
      <table className="targets us-table">
        <thead>
          <tr>
            <th>{t('usUsername')}</th>
            <th>{t('usName')}</th>
            <th>{t('usRole')}</th>
            <th>{t('usUnit')}</th>
            <th>{t('usStatus')}</th>
            <th>
              <span className="sr-only">{t('usActions')}</span>
            </th>
          </tr>
        </thead>
        <tbody>
          {list.data.map((u) => (
            <UserRow
              key={u.id}
              user={u}
              units={units.data}
              unitName={unitName}
              isSelf={me?.id === u.id}
              onChanged={refresh}
              onPassword={showPassword}
            />
          ))}
        </tbody>
      </table>
      <CreateUserForm
        units={units.data}
        onCreated={(r) => {
          showPassword(r);
          refresh();
        }}
      />
    </div>
  );
}
