import { useEffect, useRef, useState } from 'preact/hooks';
import { EQUIPMENT_TYPES, isBuiltInEquipmentType } from '../../../lambda/domain/equipment.js';
import type { ApiError } from '../api/client.js';
import { useApi } from '../api/context.js';
import type { Disposition, ViolationItem } from '../api/route-contracts.js';
import { useLoad } from '../api/use-load.js';
import { Empty, Failure, FirstFrameHint, Loading } from '../components/states.js';
import {
  parseViolationFilters,
  REVIEW_STATES,
  TRIAGE_KEYS,
  type ViolationFilters,
  violationFiltersToSearch,
  violationsQuery,
} from '../logic/filters.js';
import { equipmentWords } from '../logic/labels.js';
import { navigate } from '../router.js';

const keyOf = (item: ViolationItem) => `${item.frameId}#${item.personId}`;

const REVIEW_REFUSED = (group: string | undefined) =>
  `You are in the ${group ?? 'no'} group: reviewing needs the reviewer or auditor group (PUT /frames/{frameId}/persons/{personId}/review), so the review buttons and keys are off.`;

const DISPOSITION_BUTTONS: ReadonlyArray<[Disposition, string, string]> = [
  ['confirmed', 'Confirm', 'c'],
  ['false-positive', 'False positive', 'f'],
  ['inconclusive', 'Inconclusive', 'i'],
];

function Filters(props: { filters: ViolationFilters }) {
  const set = (change: Partial<ViolationFilters>) => {
    const next = { ...props.filters, ...change };
    const search = violationFiltersToSearch(next);
    navigate(`/violations${search ? `?${search}` : ''}`, true);
  };
  const text = (event: Event) =>
    (event.currentTarget as HTMLInputElement).value.trim() || undefined;
  return (
    <form class="filters" aria-label="Filters" onSubmit={(event) => event.preventDefault()}>
      <label>
        Day (UTC)
        <input
          type="date"
          value={props.filters.day ?? ''}
          onChange={(e) => set({ day: text(e) })}
        />
      </label>
      <label>
        Camera
        <input value={props.filters.cameraId ?? ''} onChange={(e) => set({ cameraId: text(e) })} />
      </label>
      <label>
        Location (prefix)
        <input value={props.filters.location ?? ''} onChange={(e) => set({ location: text(e) })} />
      </label>
      <label>
        Missing
        <select
          value={props.filters.equipment ?? ''}
          onChange={(e) =>
            set({ equipment: parseViolationFilters(`equipment=${text(e) ?? ''}`).equipment })
          }
        >
          <option value="">any</option>
          {[
            ...EQUIPMENT_TYPES,
            // A custom type of the deployment, from the address, is offered too.
            ...(props.filters.equipment && !isBuiltInEquipmentType(props.filters.equipment)
              ? [props.filters.equipment]
              : []),
          ].map((type) => (
            <option key={type} value={type}>
              {equipmentWords(type)}
            </option>
          ))}
        </select>
      </label>
      <label>
        Review
        <select
          value={props.filters.review ?? ''}
          onChange={(e) => set({ review: parseViolationFilters(`review=${text(e) ?? ''}`).review })}
        >
          <option value="">any</option>
          {REVIEW_STATES.map((state) => (
            <option key={state} value={state}>
              {state}
            </option>
          ))}
        </select>
      </label>
    </form>
  );
}

/**
 * `/violations?day=&cameraId=&location=&equipment=&review=`: violating persons newest first, with
 * keyboard triage (j/k or arrows move, c confirm, f false positive, i inconclusive, Enter opens).
 */
export function ViolationsView(props: { search: string }) {
  const { api, permissions } = useApi();
  const filters = parseViolationFilters(props.search);
  const query = violationsQuery(filters);
  const [page] = useLoad(`violations:${query}`, () => api.violations(query));
  const [selected, setSelected] = useState(0);
  const [reviewed, setReviewed] = useState<Record<string, Disposition>>({});
  const [message, setMessage] = useState('');
  const list = useRef<HTMLDivElement>(null);
  const [more, setMore] = useState<{ query: string; items: ViolationItem[]; nextToken?: string }>();
  const extra = more?.query === query.toString() ? more : undefined;
  const items = page.state === 'done' ? [...page.value.items, ...(extra?.items ?? [])] : [];
  const nextToken = extra
    ? extra.nextToken
    : page.state === 'done'
      ? page.value.nextToken
      : undefined;
  const loadMore = async () => {
    if (!nextToken) return;
    try {
      const next = await api.violations(violationsQuery(filters, nextToken));
      setMore({
        query: query.toString(),
        items: [...(extra?.items ?? []), ...next.items],
        ...(next.nextToken ? { nextToken: next.nextToken } : {}),
      });
    } catch (error) {
      setMessage(`More violations could not be loaded: ${(error as ApiError).message}`);
    }
  };

  useEffect(() => {
    list.current?.querySelector<HTMLElement>(`[data-index="${selected}"]`)?.focus();
  }, [selected]);

  const review = async (item: ViolationItem, disposition: Disposition) => {
    if (!permissions.canReview) {
      setMessage(REVIEW_REFUSED(permissions.group));
      return;
    }
    try {
      await api.review(item.frameId, item.personId, { disposition });
      setReviewed((all) => ({ ...all, [keyOf(item)]: disposition }));
      setMessage(`Person ${item.personId} of ${item.frameId}: ${disposition}.`);
      setSelected((index) => Math.min(index + 1, items.length - 1));
    } catch (error) {
      setMessage(`Review not saved: ${(error as ApiError).message}`);
    }
  };

  const onKey = (event: KeyboardEvent) => {
    if (event.target instanceof HTMLInputElement || event.target instanceof HTMLSelectElement)
      return;
    if (event.ctrlKey || event.metaKey || event.altKey) return;
    const item = items[selected];
    if (event.key === 'j' || event.key === 'ArrowDown') {
      setSelected((index) => Math.min(index + 1, items.length - 1));
    } else if (event.key === 'k' || event.key === 'ArrowUp') {
      setSelected((index) => Math.max(index - 1, 0));
    } else if (event.key === 'Enter' && item) {
      navigate(`/frames/${encodeURIComponent(item.frameId)}`);
    } else if (item && TRIAGE_KEYS[event.key]) {
      void review(item, TRIAGE_KEYS[event.key] as Disposition);
    } else return;
    event.preventDefault();
  };

  return (
    <section aria-labelledby="violations-title">
      <h1 id="violations-title">Violations</h1>
      <Filters filters={filters} />
      {permissions.canReview ? (
        <p class="keys" id="triage-keys">
          Keys: <kbd>j</kbd>/<kbd>k</kbd> or arrows move, <kbd>c</kbd> confirm, <kbd>f</kbd> false
          positive, <kbd>i</kbd> inconclusive, <kbd>Enter</kbd> opens the frame.
        </p>
      ) : (
        <p class="keys" id="triage-keys">
          Keys: <kbd>j</kbd>/<kbd>k</kbd> or arrows move, <kbd>Enter</kbd> opens the frame.{' '}
          <span data-testid="review-refused">{REVIEW_REFUSED(permissions.group)}</span>
        </p>
      )}
      {permissions.canReview && items[selected] ? (
        <div class="review-actions" role="toolbar" aria-label="Review the selected person">
          {DISPOSITION_BUTTONS.map(([disposition, label, key]) => (
            <button
              key={disposition}
              type="button"
              aria-keyshortcuts={key}
              onClick={() => {
                const item = items[selected];
                if (item) void review(item, disposition);
              }}
            >
              {label} <kbd>{key}</kbd>
            </button>
          ))}
        </div>
      ) : null}
      <p role="status" class="message">
        {message}
      </p>
      {page.state === 'loading' ? <Loading /> : null}
      {page.state === 'failed' ? (
        <>
          <Failure error={page.error} route="GET /violations" />
          <FirstFrameHint />
        </>
      ) : null}
      {page.state === 'done' && items.length === 0 ? (
        <Empty what="No violations for these filters." />
      ) : null}
      {items.length > 0 ? (
        <div
          class="violations"
          role="listbox"
          aria-label="Violations"
          aria-describedby="triage-keys"
          ref={list}
          onKeyDown={onKey}
        >
          {items.map((item, index) => {
            const disposition = reviewed[keyOf(item)] ?? item.review?.disposition;
            return (
              <div
                key={keyOf(item)}
                role="option"
                tabIndex={index === selected ? 0 : -1}
                aria-selected={index === selected}
                data-index={index}
                data-frame-id={item.frameId}
                data-person-id={item.personId}
                data-review={disposition ?? 'unreviewed'}
                onFocus={() => setSelected(index)}
                onDblClick={() => navigate(`/frames/${encodeURIComponent(item.frameId)}`)}
              >
                <span class="when">{item.capturedAt.slice(0, 19).replace('T', ' ')} UTC</span>
                <span class="camera">{item.cameraId}</span>
                <span class="where">{item.location ?? ''}</span>
                <span class="missing">
                  Person {item.personId}: missing{' '}
                  {item.missingEquipment.map(equipmentWords).join(', ')}
                </span>
                <span class={`review review-${disposition ?? 'unreviewed'}`}>
                  {disposition ?? 'unreviewed'}
                </span>
              </div>
            );
          })}
        </div>
      ) : null}
      {nextToken ? (
        <button type="button" onClick={() => void loadMore()}>
          More violations
        </button>
      ) : null}
    </section>
  );
}
