import { useMutation } from '@tanstack/react-query';
import { useState } from 'react';
import {
  roleNeedsUnit,
  USER_ROLES,
  type Unit,
  type UserAccount,
  type UserRole,
  type UserWithPassword,
} from '@luoshi/shared';
import { ROLE_KEYS } from '../auth/session';
import { useI18n } from '../i18n/i18n';
import { usersApi } from './api';
import { UnitSelect } from './UnitSelect';

interface Props {
  user: UserAccount;
  units: readonly Unit[];
  unitName: (code: string | null) => string;
  isSelf: boolean;
  onChanged: () => void;
  onPassword: (r: UserWithPassword) => void;
}

/** One account: its facts, and the admin's actions (edit role/unit, disable/enable, reset password). */
export function UserRow({ user, units, unitName, isSelf, onChanged, onPassword }: Props) {
  const { t } = useI18n();
  const [editing, setEditing] = useState<{ role: UserRole; unitCode: string } | null>(null);
  const [error, setError] = useState<string | null>(null);
  const done = {
    onSuccess: () => (setError(null), setEditing(null), onChanged()),
    onError: (e: Error) => setError(e.message),
  };
  const update = useMutation({
    mutationFn: (e: { role: UserRole; unitCode: string }) =>
      usersApi.update(user.id, { role: e.role, unitCode: roleNeedsUnit(e.role) ? e.unitCode || null : null }),
    ...done,
  });
  const toggle = useMutation({
    mutationFn: () => (user.disabledAt ? usersApi.enable(user.id) : usersApi.disable(user.id)),
    ...done,
  });
  const reset = useMutation({
    mutationFn: () => usersApi.resetPassword(user.id),
    onSuccess: (r: UserWithPassword) => (setError(null), onPassword(r), onChanged()),
    onError: (e: Error) => setError(e.message),
  });
  const busy = update.isPending || toggle.isPending || reset.isPending;
  const disabled = user.disabledAt !== null;

  return (
    <tr data-testid={`user-row-${user.username}`} className={disabled ? 'us-disabled' : undefined}>
      <td data-label={t('usUsername')}>
        <strong>{user.username}</strong>
      </td>
      <td data-label={t('usName')}>{user.name}</td>
      <td data-label={t('usRole')}>
        {editing ? (
          <select
            aria-label={t('usRole')}
            value={editing.role}
            onChange={(e) => setEditing({ ...editing, role: e.target.value as UserRole })}
          >
            {USER_ROLES.map((r) => (
              <option key={r} value={r}>
                {t(ROLE_KEYS[r])}
              </option>
            ))}
          </select>
        ) : (
          t(ROLE_KEYS[user.role])
        )}
      </td>
      <td data-label={t('usUnit')}>
        {editing ? (
          <UnitSelect
            units={units}
            value={roleNeedsUnit(editing.role) ? editing.unitCode : ''}
            onChange={(unitCode) => setEditing({ ...editing, unitCode })}
            label={t('usUnit')}
            disabled={!roleNeedsUnit(editing.role)}
          />
        ) : (
          unitName(user.unitCode)
        )}
      </td>
      <td data-label={t('usStatus')} data-testid="user-status">
        {disabled ? <span className="us-off">{t('usDisabled')}</span> : t('usActive')}
      </td>
      <td>
        <div className="us-row-actions">
          {editing ? (
            <>
              <button type="button" onClick={() => update.mutate(editing)} disabled={busy}>
                {t('scSave')}
              </button>
              <button type="button" onClick={() => setEditing(null)}>
                {t('usCancel')}
              </button>
            </>
          ) : (
            <>
              <button
                type="button"
                onClick={() => setEditing({ role: user.role, unitCode: user.unitCode ?? '' })}
                disabled={busy}
              >
                {t('usEdit')}
              </button>
              <button
                type="button"
                onClick={() => toggle.mutate()}
                disabled={busy || (isSelf && !disabled)}
                data-testid="user-toggle"
                title={isSelf ? t('usSelfNote') : undefined}
              >
                {disabled ? t('usEnable') : t('usDisable')}
              </button>
              <button
                type="button"
                onClick={() => window.confirm(t('usResetConfirm').replace('{user}', user.username)) && reset.mutate()}
                disabled={busy || disabled}
                data-testid="user-reset"
              >
                {t('usReset')}
              </button>
            </>
          )}
          {error ? (
            <span className="us-error" role="alert">
              {error}
            </span>
          ) : null}
        </div>
      </td>
    </tr>
  );
}
