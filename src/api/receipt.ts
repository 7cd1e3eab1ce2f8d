import { almatyDate } from '../domain/almaty.js';
import { escapeHtml as escape } from '../domain/text.js';
import { documentName } from '../domain/documents.js';
import type { Receipt } from '../domain/steps.js';

/**
 * Appendix 3 of the Standard: the receipt refusing to accept the documents (§11), as a page the
 * operator prints and hands to the applicant; in Kazakh and Russian.
 */
export function receiptPage(applicationId: string, applicantName: string, r: Receipt): string {
  const rows = [
    ...r.missing.map((t) => [documentName(t, 'kk'), documentName(t, 'ru'), 'жоқ / отсутствует']),
    ...r.expired.map((t) => [documentName(t, 'kk'), documentName(t, 'ru'), 'мерзімі өткен / истёк срок действия']),
  ];
  const date = almatyDate(r.issuedAt);
  return `<!doctype html>
<html lang="ru"><head><meta charset="utf-8"><title>Расписка № ${escape(r.number)}</title>
<style>body{font-family:serif;max-width:48em;margin:2em auto}table{border-collapse:collapse;width:100%}td,th{border:1px solid #000;padding:4px}
.sign{margin-top:3em;display:flex;justify-content:space-between}@media print{button{display:none}}</style></head>
<body>
<p style="text-align:right">Стандарттың 3-қосымшасы / Приложение 3 к Стандарту</p>
<h1 style="font-size:1.2em;text-align:center">Құжаттарды қабылдаудан бас тарту туралы қолхат<br>Расписка об отказе в приеме документов</h1>
<p>№ ${escape(r.number)} · ${escape(date)} · ${escape(r.serviceCentre)}</p>
<p>Өтініш беруші / Заявитель: <strong>${escape(applicantName)}</strong></p>
<p>Өтініш / Заявление: ${escape(applicationId)}</p>
<p lang="kk">Регламенттің 11-тармағын басшылыққа ала отырып, Стандарттың 9-тармағында көзделген тізбеге сәйкес құжаттардың толық емес топтамасын және (немесе) қолданылу мерзімі өткен құжаттарды ұсынуыңызға байланысты «Тұрғын үй көмегін тағайындау» мемлекеттік көрсетілетін қызметті көрсетуге құжаттарды қабылдаудан бас тартамыз, атап айтқанда:</p>
<p>Руководствуясь пунктом 11 регламента, отказываем в приеме документов на оказание государственной услуги «Назначение жилищной помощи» ввиду представления неполного пакета документов согласно перечню пункта 9 Стандарта и (или) документов с истекшим сроком действия, а именно:</p>
<table><tr><th>Құжат</th><th>Документ</th><th>Себебі / Причина</th></tr>
${rows.map((row) => `<tr>${row.map((c) => `<td>${escape(c)}</td>`).join('')}</tr>`).join('\n')}
</table>
<p>Осы қолхат әрбір тарап үшін бір данадан 2 данада жасалды. / Настоящая расписка составлена в 2 экземплярах, по одному для каждой стороны.</p>
<div class="sign"><span>Мемлекеттік корпорация қызметкері / Работник Государственной корпорации: ${escape(r.operator ?? '—')} ____________</span><span>Алдым / Получил: ____________</span></div>
<button onclick="print()">Басып шығару / Печать</button>
</body></html>
`;
}
