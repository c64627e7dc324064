import type { Person } from '../api/contracts.js';
import { toPercentStyle } from '../logic/geometry.js';
import { personLabel } from '../logic/labels.js';

/**
 * A box per person over an image or video: absolutely positioned in percentages of the picture,
 * coloured by status, with `data-person-id`, `data-status` and a label screen readers read.
 */
export function Boxes(props: { persons: readonly Person[] }) {
  return (
    <ul class="boxes" aria-label="Persons">
      {props.persons.map((person) => {
        const label = personLabel(person);
        return (
          <li
            key={person.personId}
            class={`box status-${person.status}${person.review ? ` review-${person.review.disposition}` : ''}`}
            style={toPercentStyle(person.boundingBox)}
            data-person-id={person.personId}
            data-status={person.status}
            aria-label={label}
            title={label}
          >
            <span class="box-tag" aria-hidden="true">
              {person.personId}
              {person.missingEquipment.length > 0
                ? ` ${person.missingEquipment.map((type) => type.replace('_COVER', '')).join(' ')}`
                : ''}
            </span>
          </li>
        );
      })}
    </ul>
  );
}
