import hbs from 'hbs';
import { viewHelpers } from './view-helpers';

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
});
