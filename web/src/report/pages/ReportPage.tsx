import { useMemo, useState } from 'react';
import { Link } from 'wouter';
import type { MyTarget } from '@luoshi/shared';
import { useSession } from '../../auth/useSession';
import { useI18n } from '../../i18n/i18n';
import { ErrorState, Loading } from '../../ui/States';
import { OutboxBar } from '../components/OutboxBar';
import { RecentList } from '../components/RecentList';
import { TargetCard, type CardMode } from '../components/TargetCard';
import type { OutboxItem } from '../outbox/logic';
import { useOutbox } from '../outbox/hooks';
import { useMyTargets } from '../useMyTargets';
import { MyOwed } from '../../supervision/MyOwed';
import '../report.css';

/** 我的指标: the clerk's targets, a form per target, and what became of each report. */
export function ReportPage() {
  const { t } = useI18n();
  const { user } = useSession();
  const q = useMyTargets(user);
  const items = useOutbox();
  const offlineNoList = !q.data && typeof navigator !== 'undefined' && !navigator.onLine;
  const [open, setOpen] = useState<{ code: string; mode: CardMode } | null>(null);

  const latestByTarget = useMemo(() => {
    const m = new Map<string, OutboxItem>();
    for (const i of items) {
      const cur = m.get(i.event.target);
      if (!cur || i.createdAt >= cur.createdAt) m.set(i.event.target, i);
    }
    return m;
  }, [items]);

  const groups = useMemo(() => {
    const g = new Map<string, { title: string; targets: MyTarget[] }>();
    for (const tg of q.data?.targets ?? []) {
      const e = g.get(tg.planId) ?? { title: tg.planTitle, targets: [] };
      e.targets.push(tg);
      g.set(tg.planId, e);
    }
    return [...g.values()];
  }, [q.data]);

  return (
    <section className="report" data-testid="report-page">
      <div className="rp-head">
        <h2>{t('rpHeading')}</h2>
        <nav className="rp-subnav">
          <Link href="/report/history">{t('rpNavHistory')}</Link>
          <Link href="/report/upload">{t('rpNavUpload')}</Link>
        </nav>
      </div>
      <p className="rp-muted">{t('rpIntro')}</p>
      <OutboxBar items={items} />
      <MyOwed />
      {offlineNoList ? (
        // Offline before the list ever came: say so instead of loading forever (issue 18.6).
        <p className="state" data-testid="rp-targets-offline">
          {t('rpTargetsOffline')}
        </p>
      ) : q.isPending ? (
        <Loading />
      ) : null}
      {q.error && !offlineNoList ? <ErrorState error={q.error} onRetry={() => void q.refetch()} /> : null}
      {q.data && q.data.targets.length === 0 ? <p className="state">{t('rpNoTargets')}</p> : null}
      {groups.map((g) => (
        <section key={g.title} className="rp-plan">
          <h3>{g.title}</h3>
          <ul className="rp-cards">
            {g.targets.map((tg) => (
              <TargetCard
                key={tg.code}
                target={tg}
                mode={open?.code === tg.code ? open.mode : null}
                setMode={(mode) => setOpen(mode ? { code: tg.code, mode } : null)}
                latest={latestByTarget.get(tg.code) ?? null}
                onSent={() => setOpen(null)}
              />
            ))}
          </ul>
        </section>
      ))}
      <RecentList items={items} />
    </section>
  );
}
