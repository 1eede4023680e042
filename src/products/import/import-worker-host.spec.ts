import { Logger } from '@nestjs/common';
import { AppError } from '../../common/app-error';
import { ImportWorkerHost, PARSE_MEMORY_MESSAGE, PARSE_TIMEOUT_MESSAGE } from './import-worker-host';
import { handMadeWorkbook, hostileWorkbooks, productSheetRows, productWorkbook } from '../../../test/support/testing-workbooks';

/** 2,000 rows whose descriptions are distinct 4,000-character texts: about 50 MB of heap to read. */
function heavyWorkbook(): Buffer {
  const rows = productSheetRows(2000);
  const strings: string[] = [];
  for (let i = 1; i <= 2000; i++) {
    rows[i][13] = { shared: i - 1 };
    strings.push(`<si><t>${String(i).padStart(4, '0')}${'梨'.repeat(3996)}</t></si>`);
  }
  return handMadeWorkbook({ sheets: [{ name: '产品导入', rows }], sharedStrings: `<sst>${strings.join('')}</sst>` });
}

async function refusal(host: ImportWorkerHost, file: Buffer): Promise<string> {
  try {
    await host.parse(file);
  } catch (err) {
    expect(err).toBeInstanceOf(AppError);
    expect((err as AppError).code).toBe('VALIDATION');
    return (err as AppError).message;
  }
  throw new Error('the file was accepted');
}

describe('ImportWorkerHost', () => {
  const hosts: ImportWorkerHost[] = [];
  const host = (limits?: ConstructorParameters<typeof ImportWorkerHost>[0]) => {
    hosts.push(new ImportWorkerHost(limits));
    return hosts[hosts.length - 1];
  };
  beforeAll(() => Logger.overrideLogger(false)); // the stopped workers' warnings are expected here
  afterAll(() => Promise.all(hosts.map((h) => h.stop())));

  it('reads a sheet in a worker, and passes a refusal on with its message', async () => {
    const worker = host();
    const parsed = await worker.parse(productWorkbook(3));
    expect(parsed).toMatchObject({ sheetName: '产品导入', validCount: 3, invalidCount: 0 });
    expect(parsed.rows[2].values).toMatchObject({ code: 'DS-003', priceFen: 5800 });
    expect(await refusal(worker, hostileWorkbooks.hiddenTemplateSheet('veryHidden'))).toContain('“产品导入”工作表被隐藏了');
    // The same worker goes on with the next file.
    expect((await worker.parse(productWorkbook(1))).validCount).toBe(1);
  });

  it('stops a worker that runs out of memory, refuses the file, and reads the next file in a new one', async () => {
    const worker = host({ heapMb: 32, youngHeapMb: 8, timeoutMs: 60_000 });
    expect((await worker.parse(productWorkbook(1))).validCount).toBe(1);
    expect(await refusal(worker, heavyWorkbook())).toBe(PARSE_MEMORY_MESSAGE);
    expect((await worker.parse(productWorkbook(2))).validCount).toBe(2);
  });

  it('stops a worker that takes too long and refuses the file', async () => {
    expect(await refusal(host({ heapMb: 256, youngHeapMb: 16, timeoutMs: 1 }), productWorkbook(1))).toBe(PARSE_TIMEOUT_MESSAGE);
  });
});
