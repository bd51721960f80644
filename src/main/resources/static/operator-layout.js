// The layout editor of a new date (the box office set-up): its sections as rows of fields (name,
// grade, price, rows, seats per row), added and removed by the operator, with each section's
// seats and the date's running total. read() checks what the contract checks (docs/api.md, "Box
// office set-up") so most mistakes are caught before a request; the server still has the last word.
import { text } from './i18n.js';

/** The contract's limits of a date's layout. */
export const LAYOUT = { minSections: 1, maxSections: 200, name: 100, grade: 50, maxSeats: 100_000 };

const FIELDS = ['name', 'grade', 'price', 'rows', 'seatsPerRow'];
const WHOLE = /^[0-9]{1,15}$/;

/** A whole number from a field, or null. */
function whole(input) {
  const raw = input.value.trim();
  return WHOLE.test(raw) ? Number(raw) : null;
}

/**
 * An editor over an empty list element: `add` is the button that adds a section, `total` where the
 * running total is said. It starts with one empty section.
 */
export function layoutEditor({ list, add, total }) {
  let serial = 0; // ids of fields stay unique however sections come and go
  const sections = [];

  function field(section, name, labelKey, { numeric = false, maxlength } = {}) {
    const id = `s-sec-${section.serial}-${name}`;
    const box = document.createElement('div');
    box.className = 'field';
    const label = document.createElement('label');
    label.htmlFor = id;
    text(label, labelKey);
    const input = document.createElement('input');
    input.id = id;
    input.type = 'text';
    input.autocomplete = 'off';
    if (numeric) input.inputMode = 'numeric';
    if (maxlength) input.maxLength = maxlength;
    input.addEventListener('input', () => {
      input.removeAttribute('aria-invalid');
      update();
    });
    box.append(label, input);
    section.inputs[name] = input;
    return box;
  }

  function addSection(values = {}, { focus = false } = {}) {
    if (sections.length >= LAYOUT.maxSections) return;
    const section = { serial: ++serial, inputs: {} };
    const li = document.createElement('li');
    li.className = 'section';
    const set = document.createElement('fieldset');
    const legend = document.createElement('legend');
    const grid = document.createElement('div');
    grid.className = 'form-grid narrow';
    grid.append(
      field(section, 'name', 'setup.sectionName', { maxlength: LAYOUT.name }),
      field(section, 'grade', 'setup.grade', { maxlength: LAYOUT.grade }),
      field(section, 'price', 'setup.price', { numeric: true }),
      field(section, 'rows', 'setup.rows', { numeric: true }),
      field(section, 'seatsPerRow', 'setup.seatsPerRow', { numeric: true }),
    );
    const foot = document.createElement('div');
    foot.className = 'section-foot';
    const seats = document.createElement('p');
    seats.className = 'seats-of';
    const remove = document.createElement('button');
    remove.type = 'button';
    remove.className = 'secondary small';
    remove.addEventListener('click', () => removeSection(section));
    foot.append(seats, remove);
    const problems = document.createElement('ul');
    problems.className = 'field-problems';
    problems.id = `s-sec-${section.serial}-problems`;
    set.append(legend, grid, foot, problems);
    li.append(set);
    Object.assign(section, { li, legend, seats, remove, problems });
    for (const name of FIELDS) if (values[name] != null) section.inputs[name].value = String(values[name]);
    sections.push(section);
    list.append(li);
    renumber();
    update();
    if (focus) section.inputs.name.focus();
  }

  function removeSection(section) {
    const at = sections.indexOf(section);
    if (at < 0) return;
    sections.splice(at, 1);
    section.li.remove();
    renumber();
    update();
    // Focus stays in the list: on the section that took its place, else the one before, else "add".
    const next = sections[at] ?? sections[at - 1];
    (next ? next.inputs.name : add).focus();
  }

  /** Positions in legends, labels and test ids follow the order on screen. */
  function renumber() {
    sections.forEach((section, i) => {
      const n = i + 1;
      text(section.legend, 'setup.sectionN', { n });
      text(section.remove, 'setup.removeSection', { n });
      section.li.dataset.testid = `section-${n}`;
      for (const name of FIELDS) section.inputs[name].dataset.testid = `section-${n}-${name}`;
      section.remove.dataset.testid = `remove-section-${n}`;
      section.seats.dataset.testid = `section-${n}-seats`;
    });
    add.disabled = sections.length >= LAYOUT.maxSections;
  }

  /** Seats of one section, or null while its rows or seats per row are not whole numbers of 1 or more. */
  function seatsOf(section) {
    const rows = whole(section.inputs.rows);
    const perRow = whole(section.inputs.seatsPerRow);
    return rows >= 1 && perRow >= 1 ? rows * perRow : null;
  }

  function update() {
    let sum = 0;
    for (const section of sections) {
      const seats = seatsOf(section);
      if (seats == null) text(section.seats, 'setup.seatsOfUnknown');
      else text(section.seats, 'setup.seatsOf', { n: seats });
      sum += seats ?? 0;
    }
    text(total, 'setup.total', { n: sum, max: LAYOUT.maxSeats, sections: sections.length });
    total.dataset.value = String(sum);
    total.classList.toggle('over', sum > LAYOUT.maxSeats);
  }

  /**
   * The sections as the API takes them, and what is wrong with them: problems are {input, key,
   * args} (input null for the layout as a whole). Marks the wrong fields and lists each section's
   * problems under it.
   */
  function read() {
    const problems = [];
    const out = [];
    const names = new Map(); // name, as the server compares it (without case), -> the section number that has it first
    sections.forEach((section, i) => {
      const n = i + 1;
      const { inputs } = section;
      const mine = [];
      const wrong = (input, key, args = {}) => mine.push({ input, key, args: { n, ...args } });
      const name = inputs.name.value.trim();
      const grade = inputs.grade.value.trim();
      if (!name || name.length > LAYOUT.name) wrong(inputs.name, 'setup.check.name', { max: LAYOUT.name });
      else if (names.has(name.toLowerCase())) wrong(inputs.name, 'setup.check.nameTaken', { name, other: names.get(name.toLowerCase()) });
      else names.set(name.toLowerCase(), n);
      if (!grade || grade.length > LAYOUT.grade) wrong(inputs.grade, 'setup.check.grade', { max: LAYOUT.grade });
      const price = whole(inputs.price);
      if (price == null || !Number.isSafeInteger(price)) wrong(inputs.price, 'setup.check.price');
      const rows = whole(inputs.rows);
      if (!(rows >= 1)) wrong(inputs.rows, 'setup.check.rows');
      const perRow = whole(inputs.seatsPerRow);
      if (!(perRow >= 1)) wrong(inputs.seatsPerRow, 'setup.check.seatsPerRow');
      for (const input of Object.values(inputs)) {
        const bad = mine.some((p) => p.input === input);
        if (bad) {
          input.setAttribute('aria-invalid', 'true');
          input.setAttribute('aria-describedby', section.problems.id);
        } else {
          input.removeAttribute('aria-invalid');
          input.removeAttribute('aria-describedby');
        }
      }
      section.problems.replaceChildren(...mine.map((p) => {
        const li = document.createElement('li');
        text(li, p.key, p.args);
        return li;
      }));
      problems.push(...mine);
      out.push({ name, grade, price, rows, seatsPerRow: perRow });
    });
    if (sections.length < LAYOUT.minSections) problems.push({ input: null, key: 'setup.check.noSections', args: {} });
    if (sections.length > LAYOUT.maxSections) {
      problems.push({ input: null, key: 'setup.check.tooManySections', args: { max: LAYOUT.maxSections } });
    }
    const seats = sections.reduce((sum, s) => sum + (seatsOf(s) ?? 0), 0);
    if (seats > LAYOUT.maxSeats) {
      problems.push({ input: null, key: 'setup.check.tooManySeats', args: { n: seats, max: LAYOUT.maxSeats } });
    }
    return { sections: out, problems };
  }

  /** Back to one empty section. */
  function reset() {
    sections.splice(0).forEach((s) => s.li.remove());
    addSection();
  }

  add.addEventListener('click', () => addSection({}, { focus: true }));
  addSection();
  return {
    read, reset, addSection,
    count: () => sections.length,
    /** After a form disabled every button for a request: "add" stays off at the most sections. */
    refreshButtons() { add.disabled = sections.length >= LAYOUT.maxSections; },
  };
}
