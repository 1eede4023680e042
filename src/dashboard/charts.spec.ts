import { barChart, shareBar } from './charts';

describe('chart geometry', () => {
  const series = [
    { name: '意向', className: 'series-0' },
    { name: '签约', className: 'series-1' },
  ];

  it('scales bars to the largest value and keeps them inside the plot', () => {
    const chart = barChart(
      [
        { label: '砀山县', values: [200, 100], valueLabels: ['2', '1'] },
        { label: '萧县', values: [50, 0], valueLabels: ['0.5', '0'] },
      ],
      series,
    );
    const plot = chart.plotBottom - chart.plotTop;
    expect(chart.bars).toHaveLength(4);
    expect(chart.bars[0].h).toBeCloseTo(plot, 0);
    expect(chart.bars[1].h).toBeCloseTo(plot / 2, 0);
    expect(chart.bars[3].h).toBe(0);
    expect(chart.bars[3].label).toBe(''); // no label on an empty bar
    for (const b of chart.bars) {
      expect(b.y).toBeGreaterThanOrEqual(chart.plotTop - 0.1);
      expect(b.x + b.w).toBeLessThanOrEqual(chart.width);
    }
    expect(chart.groupLabels.map((g) => g.text)).toEqual(['砀山县', '萧县']);
  });

  it('draws no bars when everything is zero', () => {
    const chart = barChart([{ label: '泗县', values: [0, 0], valueLabels: ['0', '0'] }], series);
    expect(chart.bars.every((b) => b.h === 0)).toBe(true);
  });

  it('splits a bar into shares that add up to 100%', () => {
    const parts = shareBar([
      { label: '学校', value: 300 },
      { label: '医院', value: 100 },
      { label: '食堂', value: 0 },
    ]);
    expect(parts.map((p) => [p.label, p.share])).toEqual([
      ['学校', 75],
      ['医院', 25],
    ]);
    expect(parts[1].x).toBe(75);
    expect(parts.reduce((s, p) => s + p.w, 0)).toBeCloseTo(100, 5);
  });
});
