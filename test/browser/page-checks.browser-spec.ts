import { describeInBrowser, Journey } from './support/browser';

/** The 375 px checks themselves: they must catch what they are there to catch. */
describeInBrowser('the browser suite’s page checks', () => {
  let journey: Journey;

  beforeAll(async () => {
    journey = new Journey('page-checks', null);
  });
  afterAll(() => journey?.close());

  it('report sideways scrolling, unlabelled fields, script errors, clipped table cells and axe violations; accept what is fine', async () => {
    const page = await journey.open('checker');
    await page.setContent(`<!DOCTYPE html><html lang="zh-CN"><head><meta name="viewport" content="width=device-width, initial-scale=1"></head><body>
      <div style="overflow-x:auto"><table><tr><td style="white-space:nowrap">${'很长的表格内容'.repeat(20)}</td></tr></table></div>
      <p class="too-wide" style="width:500px">宽于屏幕</p>
      <div style="overflow-x:auto"><table><tr><td style="white-space:nowrap">${'表格'.repeat(30)}<span class="escapes" style="position:absolute;width:1px;height:1px;overflow:hidden">标签</span></td></tr></table></div>
      <div style="overflow-x:auto;position:relative"><table><tr><td style="white-space:nowrap">${'表格'.repeat(30)}<span class="contained" style="position:absolute;width:1px;height:1px;overflow:hidden">标签</span></td></tr></table></div>
      <table class="fits"><thead style="position:absolute;width:1px;height:1px;overflow:hidden;clip:rect(0 0 0 0)"><tr><th>${'很长的隐藏标题'.repeat(20)}</th></tr></thead><tr><td>短</td></tr></table>
      <div style="overflow-x:auto;width:200px"><table class="clipped"><tr><td>一</td><td style="white-space:nowrap">${'金额'.repeat(30)}</td></tr></table></div>
      <label for="a">有标签</label><input id="a" name="a">
      <label><input type="checkbox" name="b"> 包在标签里</label>
      <input name="c" aria-label="有 aria-label">
      <span id="d-label">外部标签</span><select name="d" aria-labelledby="d-label"></select>
      <input type="hidden" name="e"><input type="submit" value="提交">
      <input name="nolabel" placeholder="只有占位文字">
      <textarea name="empty" aria-label="  "></textarea>
      <input name="wrong" aria-label="数量" aria-invalid="true">
      <input name="right" aria-label="单价" aria-invalid="true" aria-describedby="right-error"><p id="right-error">请填写单价</p>
      <script>throw new Error('boom')</script>
    </body></html>`);
    await journey.step(page, 'bad-page', { screenshot: false });
    let message = '';
    try {
      journey.assertEveryPageFine();
    } catch (err) {
      message = (err as Error).message;
    }
    expect(message).toContain('scrolls sideways (or the phone zooms out): the page is');
    expect(message).toContain('p.too-wide');
    expect(message).toContain('span.escapes'); // absolutely positioned: a static scrolling box does not hold it
    expect(message).not.toContain('span.contained');
    expect(message).not.toMatch(/too wide: [^\n]*td/); // a cell in a scrolling box does not widen the page…
    expect(message).toContain('cell off the screen'); // …but it is hidden off the screen
    expect(message).toContain('cell hidden in a scrolling box (div): table.clipped td “金额金额'); // or inside its box
    expect(message).not.toContain('table.fits'); // a table that fits, its heading row visually hidden
    expect(message).toContain('axe serious scrollable-region-focusable'); // the boxes scroll, out of a keyboard's reach
    expect(message).toContain('axe critical label'); // axe-core agrees about the unlabelled field
    expect(message).toContain('at 1280 px: axe critical label'); // and checks the desktop width too
    expect(message).toContain('field without a label: input[name="nolabel"]');
    expect(message).toContain('field without a label: textarea[name="empty"]');
    expect(message).toContain('script error: boom');
    expect(message).toContain('field in error without its message (aria-describedby): input[name="wrong"]');
    expect(message).not.toContain('input[name="right"]');
    expect(message.match(/field without a label/g)).toHaveLength(2);
  });

  it('renders Chinese glyphs, not boxes (a CJK font is installed: fonts-wqy-microhei)', async () => {
    const page = await journey.open('checker');
    // Two different characters drawn with the app's font stack must give two different, non-empty
    // pictures: without a CJK font both are the same empty box.
    const pictures = (await page.evaluate(`(() => {
      const canvas = document.createElement('canvas');
      canvas.width = canvas.height = 64;
      const g = canvas.getContext('2d');
      const draw = (ch) => {
        g.clearRect(0, 0, 64, 64);
        g.font = "48px 'PingFang SC', 'Hiragino Sans GB', 'Microsoft YaHei', 'WenQuanYi Micro Hei', 'Noto Sans CJK SC', sans-serif";
        g.fillText(ch, 4, 52);
        const data = g.getImageData(0, 0, 64, 64).data;
        let ink = 0;
        for (let i = 3; i < data.length; i += 4) if (data[i] > 0) ink++;
        return { ink, data: Array.from(data).join(',') };
      };
      return [draw('酥'), draw('梨')];
    })()`)) as { ink: number; data: string }[];
    const hint = 'Chinese renders as boxes: install a CJK font, e.g. sudo apt-get install -y fonts-wqy-microhei';
    expect([pictures[0].ink > 50 && pictures[0].data !== pictures[1].data, hint]).toEqual([true, hint]);
  });
});
