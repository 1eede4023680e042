import hbs from 'hbs';
import { fieldState, viewHelpers } from './view-helpers';

describe('view helpers', () => {
  const handlebars = hbs.create().handlebars;
  for (const [name, fn] of Object.entries(viewHelpers)) handlebars.registerHelper(name, fn);
  const render = (template: string, context: object = {}) => handlebars.compile(template)(context);

  it('formats money, dates and capitals', () => {
    expect(render('{{money p}}', { p: 123450 })).toBe('¥1,234.50');
    expect(render('{{date d}}', { d: '2020-10-17' })).toBe('2020年10月17日');
    expect(render('{{capitals p}}', { p: 1_230_000 })).toBe('壹万贰仟叁佰元整');
  });

  it('escapes what it returns: user text never becomes markup', () => {
    expect(render('{{fieldError errors "name"}}', { errors: { name: ['<script>alert(1)</script>'] } })).toBe(
      '&lt;script&gt;alert(1)&lt;/script&gt;',
    );
  });

  it('caps percentages for progress bars', () => {
    expect(render('{{percent a b}}', { a: 25, b: 20 })).toBe('100');
    expect(render('{{percent a b}}', { a: 5, b: 20 })).toBe('25');
    expect(render('{{percent a b}}', { a: 5, b: 0 })).toBe('0');
  });

  it('builds page links that keep the filters and encode them', () => {
    // Handlebars escapes & and = in the output; a browser decodes them back in an href.
    const html = render('{{query f page=2}}', { f: { county: '341321', q: '酥梨&x' } });
    const decoded = html.replace(/&amp;/g, '&').replace(/&#x3D;/g, '=');
    expect(decoded).toBe('?county=341321&q=%E9%85%A5%E6%A2%A8%26x&page=2');
  });

  it('compares values in templates', () => {
    expect(render('{{#if (eq a "1")}}yes{{else}}no{{/if}}', { a: 1 })).toBe('yes');
    expect(render('{{#if (gt a 3)}}yes{{else}}no{{/if}}', { a: 2 })).toBe('no');
  });

  it('chooses between two values as {{#if}} would', () => {
    expect(render('{{choose a "x" "y"}}', { a: 'on' })).toBe('x');
    expect(render('{{choose a "x" "y"}}', { a: [] })).toBe('y');
    expect(render('{{choose a "x" "y"}}', { a: 0 })).toBe('y');
  });

  describe('fieldState (the field partials)', () => {
    it('ties the hint and, in error, the message to the field and keeps the typed value', () => {
      const root = { values: { creditCode: '9134<x>' }, errors: { creditCode: ['格式不对'] } };
      expect(fieldState({ name: 'creditCode', hint: '18 位' }, root)).toEqual({
        id: 'creditCode',
        errorKey: 'creditCode',
        hintId: 'creditCode-hint',
        pendingId: 'creditCode-pending',
        message: '格式不对',
        describedBy: 'creditCode-hint creditCode-error',
        invalid: true,
        value: '9134<x>',
      });
    });

    it('describes nothing and is valid when there is neither hint nor error', () => {
      const state = fieldState({ name: 'name' }, { values: {} });
      expect(state).toMatchObject({ id: 'name', describedBy: '', invalid: false, message: '' });
      expect(state.value).toBeUndefined();
    });

    it('reads the message under its own key when the input name differs (qty[12] → qty.12)', () => {
      const root = { errors: { 'qty.12': ['不能少于起订量'] }, values: { 'qty[12]': '1' } };
      const state = fieldState({ name: 'qty[12]', id: 'qty-12', error: 'qty.12' }, root);
      expect(state).toMatchObject({ id: 'qty-12', message: '不能少于起订量', describedBy: 'qty.12-error', invalid: true, value: '1' });
    });

    it('shows no message for error "" and prefers an explicit value, even a null one', () => {
      const root = { errors: { minimumProducts: ['至少为 1'] }, values: { minimumProducts: '0' } };
      expect(fieldState({ name: 'minimumProducts', error: '', value: 20 }, root)).toMatchObject({ message: '', invalid: false, value: 20 });
      expect(fieldState({ name: 'minimumProducts', error: '', value: null }, root).value).toBeNull();
    });

    it('ties a product value waiting for review to its field between the hint and the message', () => {
      const root = { errors: { capacity: ['请填写整数'] } };
      expect(fieldState({ name: 'capacity', hint: 'x', pending: '3000 箱' }, root).describedBy).toBe(
        'capacity-hint capacity-pending capacity-error',
      );
    });

    it('marks a field invalid on request without a message of its own', () => {
      expect(fieldState({ name: 'file', hint: 'x', invalid: '表格有误' }, {})).toMatchObject({ describedBy: 'file-hint', invalid: true });
    });

    it('gives its block the state as a block parameter and keeps the surrounding context', () => {
      const html = render('{{#fieldScope name="q" hint=h as |f|}}{{f.describedBy}}|{{f.value}}|{{other}}{{/fieldScope}}', {
        h: 'x',
        other: '<b>',
        values: { q: '"酥梨"' },
      });
      expect(html).toBe('q-hint|&quot;酥梨&quot;|&lt;b&gt;');
    });
  });

  it('lists select options from strings or objects, marking the chosen one', () => {
    expect(render('{{#each (selectOptions list)}}{{value}}={{label}}{{#if selected}}*{{/if}};{{/each}}', { list: ['a', 'b'] })).toBe(
      'a=a;b=b;',
    );
    const counties = [
      { code: '341321', name: '砀山县' },
      { code: '341322', name: '萧县' },
    ];
    expect(
      render('{{#each (selectOptions list "code" "name" v)}}{{value}}={{label}}{{#if selected}}*{{/if}};{{/each}}', {
        list: counties,
        v: 341322,
      }),
    ).toBe('341321=砀山县;341322=萧县*;');
    const flagged = [
      { value: 'a', label: 'A', selected: true },
      { value: 'b', label: 'B' },
    ];
    expect(render('{{#each (selectOptions list "value" "label")}}{{value}}{{#if selected}}*{{/if}};{{/each}}', { list: flagged })).toBe(
      'a*;b;',
    );
  });
});
