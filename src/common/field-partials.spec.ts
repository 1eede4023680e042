import * as fs from 'node:fs';
import * as path from 'node:path';
import hbs from 'hbs';
import { viewHelpers } from './view-helpers';

/** The form-field partials (views/partials/*field.hbs) rendered as the app registers them. */
describe('field partials', () => {
  const handlebars = hbs.create().handlebars;
  for (const [name, fn] of Object.entries(viewHelpers)) handlebars.registerHelper(name, fn);
  const partials = path.resolve(__dirname, '../../views/partials');
  for (const file of fs.readdirSync(partials).filter((f) => f.endsWith('.hbs'))) {
    handlebars.registerPartial(path.basename(file, '.hbs'), fs.readFileSync(path.join(partials, file), 'utf8'));
  }
  const render = (template: string, context: object = {}) => handlebars.compile(template)(context).replace(/\s+/g, ' ').trim();

  it('labels an input and ties its hint and error to it when the form comes back in error', () => {
    const html = render('{{> field name="creditCode" label="统一社会信用代码" hint="18 位" required=true maxlength=24}}', {
      values: { creditCode: '91<34>' },
      errors: { creditCode: ['校验位不对'] },
    });
    expect(html).toBe(
      '<div class="field"> <label for="creditCode">统一社会信用代码 <span class="req" aria-hidden="true">*</span></label> ' +
        '<input id="creditCode" name="creditCode" type="text" maxlength="24" required value="91&lt;34&gt;" ' +
        'aria-describedby="creditCode-hint creditCode-error" aria-invalid="true"> ' +
        '<p class="hint" id="creditCode-hint">18 位</p> <p class="field-error" id="creditCode-error">校验位不对</p> </div>',
    );
  });

  it('never echoes a password and has no aria attributes while valid', () => {
    const html = render('{{> field name="password" label="密码" type="password" required=true unmarked=true}}', {
      values: { password: 'secret' },
    });
    expect(html).toBe(
      '<div class="field"> <label for="password">密码</label> <input id="password" name="password" type="password" required> </div>',
    );
  });

  it('puts a table-cell input with a hidden label, its unit after it and its own error key', () => {
    const html = render(
      '{{#each lines}}{{#> field bare=true labelClass="visually-hidden" label=(concat name "数量") id=(concat "qty-" id) name=(concat "qty[" id "]") error=(concat "qty." id) value=qty}}{{unit}}{{/field}}{{/each}}',
      { lines: [{ id: 7, name: '酥梨', unit: '箱', qty: 3 }], errors: { 'qty.7': ['太少'] } },
    );
    expect(html).toBe(
      '<label for="qty-7" class="visually-hidden">酥梨数量</label> ' +
        '<input id="qty-7" name="qty[7]" type="text" value="3" aria-describedby="qty.7-error" aria-invalid="true"> 箱 ' +
        '<p class="field-error" id="qty.7-error">太少</p>',
    );
  });

  it('keeps the chosen option of a select after an error', () => {
    const html = render('{{> select-field name="type" label="单位类型" options=types blank="请选择"}}', {
      types: ['学校', '医院'],
      values: { type: '医院' },
    });
    expect(html).toContain(
      '<option value="">请选择</option> <option value="学校">学校</option><option value="医院" selected>医院</option>',
    );
  });

  it('keeps the typed text of a textarea and a checkbox state', () => {
    expect(render('{{> textarea-field name="note" label="备注" rows=3}}', { values: { note: '<i>周五</i>' } })).toContain(
      '<textarea id="note" name="note" rows="3">&lt;i&gt;周五&lt;/i&gt;</textarea>',
    );
    expect(
      render('{{> checkbox-field name="anonymous" label="匿名" checked=values.anonymous}}', { values: { anonymous: 'on' } }),
    ).toContain('<label class="checkbox"><input type="checkbox" name="anonymous" checked> 匿名</label>');
  });
});
