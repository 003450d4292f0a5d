import { useState } from 'preact/hooks';
import { getJson } from '../api.js';
import { ErrorMessage } from '../components/error-message.js';
import { useI18n } from '../i18n/index.js';
import type { AgencyDashboard, OpenCounts, UnitDashboard } from '../types.js';
import { useLoader } from '../use-loader.js';

/** Open, on-time and overdue task counts of each unit of the caller's agency, and per person. */
export function DashboardPage() {
  const { t } = useI18n();
  const dashboard = useLoader(() => getJson<AgencyDashboard>('/api/tracking/units'), []);
  const [unitId, setUnitId] = useState<string | undefined>(undefined);
  if (dashboard.error) return <ErrorMessage error={dashboard.error} onRetry={dashboard.reload} />;
  if (!dashboard.data) return <p class="status">{t('loading')}</p>;
  const units = dashboard.data.units;
  return (
    <section class="dashboard">
      <h1 class="page-title">{t('dashboardTitle')}</h1>
      {units.length === 0 && <p class="status">{t('noUnits')}</p>}
      <ul class="unit-list" data-testid="unit-list">
        {units.map((unit) => (
          <li key={unit.unitId} class="card unit-card" data-unit-id={unit.unitId}>
            <div class="unit-head">
              <strong>{unit.name}</strong>
              <span class="unit-code">{unit.code}</span>
            </div>
            <Counts counts={unit} />
            {unitId === unit.unitId ? (
              <People unitId={unit.unitId} />
            ) : (
              <button type="button" class="button secondary" onClick={() => setUnitId(unit.unitId)}>
                {t('showPeople')}
              </button>
            )}
          </li>
        ))}
      </ul>
    </section>
  );
}

function Counts(props: { counts: OpenCounts }) {
  const { t } = useI18n();
  return (
    <dl class="counts">
      <div>
        <dt>{t('openCount')}</dt>
        <dd data-count="open">{props.counts.open}</dd>
      </div>
      <div>
        <dt>{t('onTimeCount')}</dt>
        <dd data-count="on-time">{props.counts.onTime}</dd>
      </div>
      <div class={props.counts.overdue > 0 ? 'count-overdue' : ''}>
        <dt>{t('overdueCount')}</dt>
        <dd data-count="overdue">{props.counts.overdue}</dd>
      </div>
    </dl>
  );
}

function People(props: { unitId: string }) {
  const { t } = useI18n();
  const unit = useLoader(
    () => getJson<UnitDashboard>(`/api/tracking/units/${encodeURIComponent(props.unitId)}`),
    [props.unitId],
  );
  if (unit.error) return <ErrorMessage error={unit.error} onRetry={unit.reload} />;
  if (!unit.data) return <p class="status">{t('loading')}</p>;
  return (
    <ul class="people">
      {unit.data.people.map((person) => (
        <li key={person.userId}>
          <span>{person.fullName ?? person.userId}</span>
          <Counts counts={person} />
        </li>
      ))}
      {unit.data.unassigned.open > 0 && (
        <li>
          <span>{t('unassigned')}</span>
          <Counts counts={unit.data.unassigned} />
        </li>
      )}
    </ul>
  );
}
