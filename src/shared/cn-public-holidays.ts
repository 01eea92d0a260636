/**
 * China's official public holidays and make-up working days (调休), by year, as the State
 * Council's General Office publishes them each November. 2026: 国务院办公厅关于2026年部分节假日安排
 * 的通知 (4 November 2025, Xinhua). A business calendar takes them as they are
 * (BusinessCalendar.holidays and extraWorkdays); organisations with local holidays add their own.
 */
export const CN_PUBLIC_HOLIDAYS: Readonly<
  Record<number, { holidays: readonly string[]; extraWorkdays: readonly string[] }>
> = {
  2026: {
    holidays: [
      // 元旦 Jan 1–3
      '2026-01-01',
      '2026-01-02',
      '2026-01-03',
      // 春节 Feb 15–23
      '2026-02-15',
      '2026-02-16',
      '2026-02-17',
      '2026-02-18',
      '2026-02-19',
      '2026-02-20',
      '2026-02-21',
      '2026-02-22',
      '2026-02-23',
      // 清明节 Apr 4–6
      '2026-04-04',
      '2026-04-05',
      '2026-04-06',
      // 劳动节 May 1–5
      '2026-05-01',
      '2026-05-02',
      '2026-05-03',
      '2026-05-04',
      '2026-05-05',
      // 端午节 Jun 19–21
      '2026-06-19',
      '2026-06-20',
      '2026-06-21',
      // 中秋节 Sep 25–27
      '2026-09-25',
      '2026-09-26',
      '2026-09-27',
      // 国庆节 Oct 1–7
      '2026-10-01',
      '2026-10-02',
      '2026-10-03',
      '2026-10-04',
      '2026-10-05',
      '2026-10-06',
      '2026-10-07',
    ],
    // Sunday Jan 4; Saturdays Feb 14 and 28; Saturday May 9; Sunday Sep 20 and Saturday Oct 10.
    extraWorkdays: [
      '2026-01-04',
      '2026-02-14',
      '2026-02-28',
      '2026-05-09',
      '2026-09-20',
      '2026-10-10',
    ],
  },
}
