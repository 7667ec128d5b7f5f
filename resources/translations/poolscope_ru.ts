<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="ru" sourcelanguage="en">
<context>
    <name>ChartHelp</name>
    <message>
        <source>&lt;h3&gt;How to read this chart&lt;/h3&gt;&lt;p&gt;&lt;b&gt;Rows.&lt;/b&gt; One row per worker process (Worker-1, Worker-2, ...), time running left to right. The lane under them is the &lt;b&gt;caller&lt;/b&gt;: the program that called map, imap or imap_unordered.&lt;/p&gt;&lt;p&gt;&lt;b&gt;Bars.&lt;/b&gt; One bar per task, from the moment a worker started it to the moment it finished; the label says input → result. A red bar failed (an exception, or its worker was killed). With chunksize above 1 an &lt;b&gt;outline&lt;/b&gt; joins the tasks that travelled to a worker together.&lt;/p&gt;&lt;p&gt;&lt;b&gt;Waiting.&lt;/b&gt; The shading after a bar is the time its result waited, finished, before the caller got it. The &lt;b&gt;markers&lt;/b&gt; in the caller lane show when each result reached the caller and which result it was; results handed over at one instant share a marker.&lt;/p&gt;&lt;p&gt;&lt;b&gt;Results held.&lt;/b&gt; The curve counts results that are finished but not yet handed to the caller: memory the caller&apos;s side of the pool holds.&lt;/p&gt;&lt;p&gt;&lt;b&gt;What to look for.&lt;/b&gt; map: every marker at the end, all results held until then. imap: markers in input order, so one slow early task holds back those that finished after it. imap_unordered: each marker as soon as its bar ends.&lt;/p&gt;&lt;p&gt;&lt;b&gt;Keys.&lt;/b&gt; Space runs or stops, Ctrl+1..4 load the notebook&apos;s examples, Ctrl+M compares the three modes, F6 shows the Python program behind the chart, Ctrl+E exports a slide.&lt;/p&gt;</source>
        <translation>&lt;h3&gt;Как читать эту диаграмму&lt;/h3&gt;&lt;p&gt;&lt;b&gt;Строки.&lt;/b&gt; По строке на каждый рабочий процесс (Worker-1, Worker-2, ...), время идёт слева направо. Полоса под ними — &lt;b&gt;вызывающий&lt;/b&gt;: программа, которая вызвала map, imap или imap_unordered.&lt;/p&gt;&lt;p&gt;&lt;b&gt;Полосы.&lt;/b&gt; По полосе на задачу, от момента, когда процесс начал её, до момента, когда закончил; подпись — вход → результат. Красная полоса — задача упала (исключение, или её процесс убит). При chunksize больше 1 &lt;b&gt;рамка&lt;/b&gt; объединяет задачи, отправленные процессу вместе.&lt;/p&gt;&lt;p&gt;&lt;b&gt;Ожидание.&lt;/b&gt; Затенение после полосы — время, которое готовый результат ждал, пока его заберёт вызывающий. &lt;b&gt;Метки&lt;/b&gt; в полосе вызывающего показывают, когда каждый результат дошёл до вызывающего и какой это был результат; результаты, переданные в один момент, делят одну метку.&lt;/p&gt;&lt;p&gt;&lt;b&gt;Удерживаемые результаты.&lt;/b&gt; Кривая считает результаты, которые готовы, но ещё не переданы вызывающему: память, которую держит пул на стороне вызывающего.&lt;/p&gt;&lt;p&gt;&lt;b&gt;На что смотреть.&lt;/b&gt; map: все метки в конце, все результаты удерживаются до этого. imap: метки в порядке входа, поэтому одна медленная ранняя задача задерживает те, что закончились после неё. imap_unordered: каждая метка сразу, как кончилась её полоса.&lt;/p&gt;&lt;p&gt;&lt;b&gt;Клавиши.&lt;/b&gt; Пробел запускает или останавливает, Ctrl+1..4 загружают примеры из блокнота, Ctrl+M сравнивает три режима, F6 показывает программу на Python за диаграммой, Ctrl+E экспортирует слайд.&lt;/p&gt;</translation>
    </message>
    <message>
        <source>How to read this chart</source>
        <translation>Как читать эту диаграмму</translation>
    </message>
</context>
<context>
    <name>ChartLegend</name>
    <message>
        <source>task (input → result)</source>
        <translation>задача (вход → результат)</translation>
    </message>
    <message>
        <source>chunk sent together</source>
        <translation>порция, отправленная вместе</translation>
    </message>
    <message>
        <source>result waiting for the caller</source>
        <translation>результат ждёт вызывающего</translation>
    </message>
    <message>
        <source>result reaches the caller</source>
        <translation>результат доходит до вызывающего</translation>
    </message>
    <message>
        <source>failed task</source>
        <translation>упавшая задача</translation>
    </message>
    <message>
        <source>results held</source>
        <translation>удерживаемые результаты</translation>
    </message>
</context>
<context>
    <name>PresetLibrary</name>
    <message>
        <source>Random</source>
        <translation>Случайный</translation>
    </message>
</context>
<context>
    <name>poolscope::chart::ChartExport</name>
    <message>
        <source> … (%1 in all)</source>
        <translation> … (всего %1)</translation>
    </message>
    <message>
        <source>durations</source>
        <translation>длительности</translation>
    </message>
    <message>
        <source>measured</source>
        <translation>измерено</translation>
    </message>
    <message>
        <source>%1 · Pool(%2) · chunksize %3 · %4 · %5 %6</source>
        <translation>%1 · Pool(%2) · chunksize %3 · %4 · %5 %6</translation>
    </message>
</context>
<context>
    <name>poolscope::chart::GanttItem</name>
    <message>
        <source>Caller (pid %1)</source>
        <translation>Вызывающий (pid %1)</translation>
    </message>
    <message>
        <source>Caller</source>
        <translation>Вызывающий</translation>
    </message>
    <message>
        <source>results received</source>
        <translation>получает результаты</translation>
    </message>
    <message>
        <source>crashed</source>
        <translation>аварийно завершена</translation>
    </message>
    <message>
        <source>error</source>
        <translation>ошибка</translation>
    </message>
    <message>
        <source>Results %1–%2 handed to the caller at %3</source>
        <translation>Результаты %1–%2 переданы вызывающему в %3</translation>
    </message>
    <message>
        <source>#%1  task %2: %3 → %4, waited %5</source>
        <translation>№%1  задача %2: %3 → %4, ждал %5</translation>
    </message>
    <message>
        <source>failed</source>
        <translation>сбой</translation>
    </message>
    <message>
        <source>… and %1 more</source>
        <translation>… и ещё %1</translation>
    </message>
    <message>
        <source>Task %1 — input %2</source>
        <translation>Задача %1 — вход %2</translation>
    </message>
    <message>
        <source>Result: %1</source>
        <translation>Результат: %1</translation>
    </message>
    <message>
        <source>Failed (%1): %2</source>
        <translation>Сбой (%1): %2</translation>
    </message>
    <message>
        <source>Worker-%1 (pid %2)</source>
        <translation>Worker-%1 (pid %2)</translation>
    </message>
    <message>
        <source>Started: %1</source>
        <translation>Начало: %1</translation>
    </message>
    <message>
        <source>Finished: %1</source>
        <translation>Конец: %1</translation>
    </message>
    <message>
        <source>Running</source>
        <translation>Выполняется</translation>
    </message>
    <message>
        <source>Handed to the caller: %1 (#%2)</source>
        <translation>Передан вызывающему: %1 (№%2)</translation>
    </message>
    <message>
        <source>Waited: %1</source>
        <translation>Ожидал: %1</translation>
    </message>
    <message>
        <source>Chunk %1</source>
        <translation>Порция %1</translation>
    </message>
    <message>
        <source>Cancelled: the run was stopped before it finished</source>
        <translation>Отменена: запуск остановлен до её завершения</translation>
    </message>
    <message>
        <source>? In which order does the caller get the results? Predict, then reveal</source>
        <translation>? В каком порядке вызывающий получит результаты? Предскажите, затем откройте</translation>
    </message>
    <message>
        <source>exception</source>
        <translation>исключение</translation>
    </message>
    <message>
        <source>Planned: %1 of CPU</source>
        <translation>По плану: %1 процессорного времени</translation>
    </message>
    <message>
        <source>Planned: %1 of CPU (%2)</source>
        <translation>По плану: %1 процессорного времени (%2)</translation>
    </message>
    <message>
        <source>Raised in the caller: %1 (#%2)</source>
        <translation>Исключение у вызывающего: %1 (№%2)</translation>
    </message>
    <message>
        <source>Its exception never reached the caller: map raises only the first exception to arrive</source>
        <translation>Его исключение не дошло до вызывающего: map возбуждает только первое пришедшее исключение</translation>
    </message>
    <message>
        <source>Its exception never reached the caller: the caller&apos;s loop had ended</source>
        <translation>Его исключение не дошло до вызывающего: цикл вызывающего уже закончился</translation>
    </message>
    <message>
        <source>Computed, but never handed to the caller: map raised an exception and handed over no result</source>
        <translation>Вычислен, но не передан вызывающему: map возбудил исключение и не передал ни одного результата</translation>
    </message>
    <message>
        <source>Computed, but never handed to the caller: lost with its chunk (task %1 raised)</source>
        <translation>Вычислен, но не передан вызывающему: потерян вместе со своим чанком (задача %1 возбудила исключение)</translation>
    </message>
    <message>
        <source>Computed, but never handed to the caller: the caller&apos;s loop ended at an exception before it</source>
        <translation>Вычислен, но не передан вызывающему: цикл вызывающего раньше закончился на исключении</translation>
    </message>
    <message numerus="yes">
        <source>map raised: no result handed over (%n computed)</source>
        <translation>
            <numerusform>map возбудил исключение: ни один результат не передан (вычислен %n)</numerusform>
            <numerusform>map возбудил исключение: ни один результат не передан (вычислено %n)</numerusform>
            <numerusform>map возбудил исключение: ни один результат не передан (вычислено %n)</numerusform>
        </translation>
    </message>
    <message>
        <source>Computed but never handed over: %1</source>
        <translation>Вычислены, но не переданы: %1</translation>
    </message>
    <message>
        <source>cancelled</source>
        <translation>отменена</translation>
    </message>
</context>
<context>
    <name>poolscope::chart::MetricsTableItem</name>
    <message>
        <source>Run</source>
        <translation>Запуск</translation>
    </message>
    <message>
        <source>Wall time</source>
        <translation>Общее время</translation>
    </message>
    <message>
        <source>First result</source>
        <translation>Первый результат</translation>
    </message>
    <message>
        <source>Mean wait (finish → caller)</source>
        <translation>Ср. ожидание передачи</translation>
    </message>
    <message>
        <source>Peak results held</source>
        <translation>Макс. не переданных</translation>
    </message>
    <message>
        <source>Workers idle</source>
        <translation>Простой процессов</translation>
    </message>
    <message>
        <source>%1 of %2</source>
        <translation>%1 из %2</translation>
    </message>
</context>
<context>
    <name>poolscope::chart::ReplayEvents</name>
    <message>
        <source>%1: %2 events at once</source>
        <translation>%1: одновременно событий: %2</translation>
    </message>
    <message>
        <source>task %1 (input %2)</source>
        <translation>задача %1 (вход %2)</translation>
    </message>
    <message>
        <source>%1 started on Worker-%2</source>
        <translation>%1 началась на Worker-%2</translation>
    </message>
    <message>
        <source>%1 finished on Worker-%2</source>
        <translation>%1 закончилась на Worker-%2</translation>
    </message>
    <message>
        <source>the caller receives %1&apos;s result</source>
        <translation>вызывающий получает результат (%1)</translation>
    </message>
    <message>
        <source>the caller receives %1&apos;s exception</source>
        <translation>вызывающий получает исключение (%1)</translation>
    </message>
</context>
<context>
    <name>poolscope::chart::RunModel</name>
    <message>
        <source>1 worker</source>
        <translation>процессов: 1</translation>
    </message>
    <message>
        <source>%1 workers</source>
        <translation>процессов: %1</translation>
    </message>
    <message>
        <source>1 core</source>
        <translation>ядер: 1</translation>
    </message>
    <message>
        <source>%1 cores</source>
        <translation>ядер: %1</translation>
    </message>
    <message>
        <source>%1 on %2</source>
        <comment>6 workers on 2 cores</comment>
        <translation>%1, %2</translation>
    </message>
</context>
<context>
    <name>poolscope::chart::RunPanel</name>
    <message>
        <source>Results held,
not yet handed over</source>
        <translation>Результаты готовы,
но ещё не переданы</translation>
    </message>
    <message>
        <source>Caller (pid %1)</source>
        <translation>Вызывающий (pid %1)</translation>
    </message>
    <message>
        <source>Caller</source>
        <translation>Вызывающий</translation>
    </message>
    <message>
        <source>wall %1   ·   first result %2   ·   idle %3 %</source>
        <translation>всего %1   ·   первый результат %2   ·   простой %3 %</translation>
    </message>
    <message>
        <source>   ·   %1 failed</source>
        <translation>   ·   сбоев: %1</translation>
    </message>
    <message>
        <source>Results held</source>
        <translation>Ждут передачи</translation>
    </message>
    <message numerus="yes">
        <source>   ·   %n never handed over</source>
        <translation>
            <numerusform>   ·   %n не передан</numerusform>
            <numerusform>   ·   %n не переданы</numerusform>
            <numerusform>   ·   %n не передано</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>poolscope::gui::ChartActions</name>
    <message>
        <source>C&amp;hart</source>
        <translation>&amp;Диаграмма</translation>
    </message>
    <message>
        <source>&amp;Predict, then reveal</source>
        <translation>&amp;Предсказать, затем открыть</translation>
    </message>
    <message>
        <source>Hide the caller lane, the results and the metrics until you reveal them</source>
        <translation>Скрыть дорожку вызывающего, результаты и метрики, пока вы их не откроете</translation>
    </message>
    <message>
        <source>Reveal the &amp;next result</source>
        <translation>Открыть &amp;следующий результат</translation>
    </message>
    <message>
        <source>Reveal &amp;all</source>
        <translation>Открыть &amp;всё</translation>
    </message>
    <message>
        <source>Step to the p&amp;revious event</source>
        <translation>К п&amp;редыдущему событию</translation>
    </message>
    <message>
        <source>Step to the ne&amp;xt event</source>
        <translation>К сл&amp;едующему событию</translation>
    </message>
    <message>
        <source>Zoom &amp;in</source>
        <translation>&amp;Увеличить</translation>
    </message>
    <message>
        <source>Zoom &amp;out</source>
        <translation>У&amp;меньшить</translation>
    </message>
    <message>
        <source>&amp;Whole run (reset zoom)</source>
        <translation>Весь п&amp;рогон (сбросить масштаб)</translation>
    </message>
</context>
<context>
    <name>poolscope::gui::ControlPanel</name>
    <message>
        <source>Ready. Pick a preset or set the sliders, then press Space.</source>
        <translation>Готово. Выберите пример или настройте ползунки и нажмите Пробел.</translation>
    </message>
    <message>
        <source>Preset</source>
        <translation>Пример</translation>
    </message>
    <message>
        <source>Custom</source>
        <translation>Свой</translation>
    </message>
    <message>
        <source>Load the tasks of a notebook example</source>
        <translation>Загрузить задачи примера из ноутбука</translation>
    </message>
    <message>
        <source>Pool</source>
        <translation>Пул</translation>
    </message>
    <message>
        <source>Mode</source>
        <translation>Режим</translation>
    </message>
    <message>
        <source>Workers</source>
        <translation>Процессы</translation>
    </message>
    <message>
        <source>Chunksize</source>
        <translation>Размер порции</translation>
    </message>
    <message>
        <source>Workload</source>
        <translation>Нагрузка</translation>
    </message>
    <message>
        <source>compare all three</source>
        <translation>сравнить все три</translation>
    </message>
    <message>
        <source>Which Pool method hands the results to the caller</source>
        <translation>Каким методом Pool результаты передаются вызывающему</translation>
    </message>
    <message>
        <source>Pool(processes=N)</source>
        <translation>Pool(processes=N)</translation>
    </message>
    <message>
        <source>auto</source>
        <translation>авто</translation>
    </message>
    <message>
        <source>Tasks sent to a worker at a time; auto is Python&apos;s default for the mode</source>
        <translation>Сколько задач рабочий процесс получает за раз; «авто» — значение Python по умолчанию для режима</translation>
    </message>
    <message>
        <source>sleep</source>
        <translation>sleep (ожидание)</translation>
    </message>
    <message>
        <source>spin (burns CPU)</source>
        <translation>spin (нагружает ЦП)</translation>
    </message>
    <message>
        <source>Run</source>
        <translation>Запустить</translation>
    </message>
    <message>
        <source>Run the tasks (Space)</source>
        <translation>Запустить задачи (Пробел)</translation>
    </message>
    <message>
        <source>Stop</source>
        <translation>Остановить</translation>
    </message>
    <message>
        <source>Terminate the workers now (Space)</source>
        <translation>Немедленно завершить рабочие процессы (Пробел)</translation>
    </message>
    <message>
        <source>Space run / stop · Ctrl+1..4 presets · Ctrl+E export PNG · F11 full screen</source>
        <translation>Пробел — запуск / стоп · Ctrl+1..4 — примеры · Ctrl+E — экспорт PNG · F11 — полный экран</translation>
    </message>
    <message numerus="yes">
        <source>Tasks (%n)</source>
        <translation>
            <numerusform>Задачи (%n)</numerusform>
            <numerusform>Задачи (%n)</numerusform>
            <numerusform>Задачи (%n)</numerusform>
        </translation>
    </message>
    <message>
        <source>crash (kills its worker)</source>
        <translation>crash (убивает свой процесс)</translation>
    </message>
    <message>
        <source>raise (an exception)</source>
        <translation>raise (исключение)</translation>
    </message>
    <message>
        <source>sleep waits; spin keeps a core busy, which shows workers outnumbering cores; crash and raise make the task chosen in the task list fail</source>
        <translation>sleep ждёт; spin занимает ядро — видно, что бывает, когда процессов больше, чем ядер; crash и raise роняют задачу, выбранную в списке задач</translation>
    </message>
    <message>
        <source>Max tasks per child</source>
        <translation>Задач на процесс</translation>
    </message>
    <message>
        <source>none</source>
        <translation>без предела</translation>
    </message>
    <message>
        <source>Pool(maxtasksperchild=N): a worker is replaced by a fresh process (same row, new pid) after N tasks, a chunk counting as one; none keeps every worker for the whole run</source>
        <translation>Pool(maxtasksperchild=N): после N задач рабочий процесс заменяется новым (та же строка, новый pid), пакет считается за одну задачу; «без предела» оставляет каждый процесс на весь запуск</translation>
    </message>
</context>
<context>
    <name>poolscope::gui::ErrorReporter</name>
    <message>
        <source>Details: %1</source>
        <translation>Подробности: %1</translation>
    </message>
    <message>
        <source>there is not enough memory.</source>
        <translation>не хватает памяти.</translation>
    </message>
</context>
<context>
    <name>poolscope::gui::ExportDialogs</name>
    <message>
        <source>PNG image (*.png)</source>
        <translation>Изображение PNG (*.png)</translation>
    </message>
    <message>
        <source>SVG drawing (*.svg)</source>
        <translation>Рисунок SVG (*.svg)</translation>
    </message>
    <message>
        <source>PDF document (*.pdf)</source>
        <translation>Документ PDF (*.pdf)</translation>
    </message>
    <message>
        <source>Export chart</source>
        <translation>Экспорт диаграммы</translation>
    </message>
    <message>
        <source>Export failed</source>
        <translation>Экспорт не удался</translation>
    </message>
    <message>
        <source>1920x1080 at 2× (3840x2160, HiDPI)</source>
        <translation>1920x1080 при 2× (3840x2160, HiDPI)</translation>
    </message>
    <message>
        <source>Export PNG</source>
        <translation>Экспорт PNG</translation>
    </message>
    <message>
        <source>Image size:</source>
        <translation>Размер изображения:</translation>
    </message>
    <message>
        <source>CSV table (*.csv)</source>
        <translation>Таблица CSV (*.csv)</translation>
    </message>
    <message>
        <source>Trace JSON (*.json)</source>
        <translation>Трасса JSON (*.json)</translation>
    </message>
    <message>
        <source>Export trace</source>
        <translation>Экспорт трассы</translation>
    </message>
    <message>
        <source>there is not enough memory.</source>
        <translation>не хватает памяти.</translation>
    </message>
    <message>
        <source>Details: %1</source>
        <translation>Подробности: %1</translation>
    </message>
    <message>
        <source>The chart was not written; no file was left behind.</source>
        <translation>График не записан; файл не создан.</translation>
    </message>
    <message>
        <source>The chart size is not valid.</source>
        <translation>Недопустимый размер графика.</translation>
    </message>
    <message>
        <source>The trace was not written; no file was left behind.</source>
        <translation>Трасса не записана; файл не создан.</translation>
    </message>
</context>
<context>
    <name>poolscope::gui::FirstRunHint</name>
    <message>
        <source>&lt;b&gt;Nothing has run yet.&lt;/b&gt;&lt;br&gt;Pick a preset on the left (Ctrl+1..4 are the notebook&apos;s examples), then press &lt;b&gt;Space&lt;/b&gt; to run it.&lt;br&gt;F1: how to read this chart · F6: the Python behind it</source>
        <translation>&lt;b&gt;Пока ничего не запускалось.&lt;/b&gt;&lt;br&gt;Выберите пресет слева (Ctrl+1..4 — примеры из блокнота) и нажмите &lt;b&gt;Пробел&lt;/b&gt;, чтобы запустить.&lt;br&gt;F1: как читать диаграмму · F6: код на Python за ней</translation>
    </message>
</context>
<context>
    <name>poolscope::gui::GuardedApplication</name>
    <message>
        <source>PoolScope ran out of memory and stopped what it was doing. Close other programs, or open a smaller trace.</source>
        <translation>PoolScope не хватило памяти, и он прервал текущее действие. Закройте другие программы или откройте трассу поменьше.</translation>
    </message>
    <message>
        <source>Something went wrong and PoolScope stopped what it was doing.</source>
        <translation>Что-то пошло не так, и PoolScope прервал текущее действие.</translation>
    </message>
    <message>
        <source>Details: %1</source>
        <translation>Подробности: %1</translation>
    </message>
    <message>
        <source>PoolScope</source>
        <translation>PoolScope</translation>
    </message>
</context>
<context>
    <name>poolscope::gui::MainWindow</name>
    <message>
        <source>About PoolScope</source>
        <translation>О программе PoolScope</translation>
    </message>
    <message>
        <source>&lt;b&gt;PoolScope %1&lt;/b&gt;&lt;p&gt;Shows how a pool of processes schedules work: one row per worker, one bar per task, and a caller lane that shows when, and in which order, each result reaches the caller.&lt;/p&gt;&lt;p&gt;Space runs or stops, Ctrl+1..4 pick the notebook&apos;s examples, Ctrl+E exports a slide, F11 goes full screen.&lt;/p&gt;</source>
        <translation>&lt;b&gt;PoolScope %1&lt;/b&gt;&lt;p&gt;Показывает, как пул процессов распределяет работу: строка на каждый рабочий процесс, полоса на каждую задачу и дорожка вызывающего, на которой видно, когда и в каком порядке результаты доходят до вызывающего.&lt;/p&gt;&lt;p&gt;Пробел запускает и останавливает, Ctrl+1..4 выбирают примеры из ноутбука, Ctrl+E экспортирует слайд, F11 — полный экран.&lt;/p&gt;</translation>
    </message>
    <message>
        <source>Chart</source>
        <translation>Диаграмма</translation>
    </message>
    <message>
        <source>Stop the run before picking a preset.</source>
        <translation>Остановите запуск, прежде чем выбирать пример.</translation>
    </message>
    <message>
        <source>Preset %1 loaded. Press Space to run it.</source>
        <translation>Пример %1 загружен. Нажмите Пробел, чтобы запустить.</translation>
    </message>
    <message>
        <source>Preset not loaded</source>
        <translation>Пример не загружен</translation>
    </message>
    <message>
        <source>Stopping: terminating the workers...</source>
        <translation>Остановка: рабочие процессы завершаются...</translation>
    </message>
    <message>
        <source>Cannot run beside this trace</source>
        <translation>Невозможно запустить рядом с этой трассой</translation>
    </message>
    <message>
        <source>This scenario cannot run</source>
        <translation>Этот сценарий невозможно запустить</translation>
    </message>
    <message numerus="yes">
        <source>Starting %n worker(s)...</source>
        <translation>
            <numerusform>Запуск %n рабочего процесса...</numerusform>
            <numerusform>Запуск %n рабочих процессов...</numerusform>
            <numerusform>Запуск %n рабочих процессов...</numerusform>
        </translation>
    </message>
    <message>
        <source>Running %1 (%2 of %3)...</source>
        <translation>Выполняется %1 (%2 из %3)...</translation>
    </message>
    <message>
        <source>Running %1...</source>
        <translation>Выполняется %1...</translation>
    </message>
    <message>
        <source>The run failed.</source>
        <translation>Запуск не удался.</translation>
    </message>
    <message>
        <source>The run failed</source>
        <translation>Запуск не удался</translation>
    </message>
    <message>
        <source>Stopped: the workers were terminated.</source>
        <translation>Остановлено: рабочие процессы завершены.</translation>
    </message>
    <message>
        <source>Done. Wall time: %1</source>
        <translation>Готово. Общее время: %1</translation>
    </message>
    <message>
        <source>Still reading the previous trace...</source>
        <translation>Предыдущая трасса ещё читается...</translation>
    </message>
    <message numerus="yes">
        <source>Opened %1: %n task(s). File → Run beside it runs them live.</source>
        <translation>
            <numerusform>Открыт %1: %n задача. Файл → Запустить рядом выполнит их вживую.</numerusform>
            <numerusform>Открыт %1: %n задачи. Файл → Запустить рядом выполнит их вживую.</numerusform>
            <numerusform>Открыт %1: %n задач. Файл → Запустить рядом выполнит их вживую.</numerusform>
        </translation>
    </message>
    <message>
        <source>Wrote %1</source>
        <translation>Записано: %1</translation>
    </message>
    <message>
        <source>Chart copied to the clipboard.</source>
        <translation>Диаграмма скопирована в буфер обмена.</translation>
    </message>
    <message>
        <source>Copy failed</source>
        <translation>Копирование не удалось</translation>
    </message>
    <message>
        <source>Lessons</source>
        <translation>Уроки</translation>
    </message>
    <message>
        <source>Settings changed — press Space to run</source>
        <translation>Настройки изменены — нажмите Пробел, чтобы запустить</translation>
    </message>
    <message>
        <source>Memory</source>
        <translation>Память</translation>
    </message>
    <message>
        <source>The preset could not be loaded.</source>
        <translation>Не удалось загрузить пресет.</translation>
    </message>
    <message>
        <source>The tasks of this trace cannot be run here.</source>
        <translation>Задачи этой трассы нельзя запустить здесь.</translation>
    </message>
    <message>
        <source>A setting of the scenario is out of range.</source>
        <translation>Одна из настроек сценария вне допустимых пределов.</translation>
    </message>
    <message>
        <source>The pool stopped with an error.</source>
        <translation>Пул остановился с ошибкой.</translation>
    </message>
    <message>
        <source>The chart was not copied.</source>
        <translation>График не скопирован.</translation>
    </message>
    <message>
        <source>Python program copied.</source>
        <translation>Программа на Python скопирована.</translation>
    </message>
</context>
<context>
    <name>poolscope::gui::PythonPane</name>
    <message>
        <source>The Python behind the chart</source>
        <translation>Python за диаграммой</translation>
    </message>
    <message>
        <source>Copy</source>
        <translation>Копировать</translation>
    </message>
    <message>
        <source>Copy the program to the clipboard</source>
        <translation>Скопировать программу в буфер обмена</translation>
    </message>
    <message>
        <source>These settings cannot run:</source>
        <translation>С этими настройками запуск невозможен:</translation>
    </message>
    <message>
        <source>Save it as a .py file and run it with python3: it prints the results in the order the chart shows. The same program: %1</source>
        <translation>Сохраните её в файл .py и запустите через python3: она печатает результаты в том порядке, который показывает диаграмма. Та же программа: %1</translation>
    </message>
</context>
<context>
    <name>poolscope::gui::ReplayBar</name>
    <message>
        <source>Pause</source>
        <translation>Пауза</translation>
    </message>
    <message>
        <source>Replay</source>
        <translation>Повтор</translation>
    </message>
    <message>
        <source>Replay the finished runs slowly, all panels in step</source>
        <translation>Медленно воспроизвести завершённые запуски, все панели синхронно</translation>
    </message>
    <message>
        <source>elapsed %1</source>
        <translation>прошло %1</translation>
    </message>
    <message>
        <source>Step back to the previous event: a task&apos;s start, finish or hand-over (,)</source>
        <translation>Шаг назад к предыдущему событию: начало или конец задачи, передача результата (,)</translation>
    </message>
    <message>
        <source>Step to the next event: a task&apos;s start, finish or hand-over (.)</source>
        <translation>Шаг к следующему событию: начало или конец задачи, передача результата (.)</translation>
    </message>
</context>
<context>
    <name>poolscope::gui::TaskListEditor</name>
    <message>
        <source>Task</source>
        <translation>Задача</translation>
    </message>
    <message>
        <source>Input</source>
        <translation>Вход</translation>
    </message>
    <message>
        <source>Duration (0-10 s)</source>
        <translation>Длительность (0–10 с)</translation>
    </message>
    <message>
        <source>+ Add task</source>
        <translation>+ Добавить задачу</translation>
    </message>
    <message>
        <source>Append a task after the last one</source>
        <translation>Добавить задачу после последней</translation>
    </message>
    <message>
        <source>Remove the last task</source>
        <translation>Удалить последнюю задачу</translation>
    </message>
    <message>
        <source>Input of the task; its result is 2 x input</source>
        <translation>Входное значение задачи; её результат — 2 × вход</translation>
    </message>
    <message>
        <source>How long the task runs (0.1 s steps)</source>
        <translation>Сколько длится задача (шаг 0,1 с)</translation>
    </message>
    <message>
        <source>Remove this task</source>
        <translation>Удалить эту задачу</translation>
    </message>
    <message>
        <source>- Remove</source>
        <translation>− Удалить</translation>
    </message>
    <message>
        <source>The task that fails (crash or raise)</source>
        <translation>Задача, которая падает (crash или raise)</translation>
    </message>
    <message>
        <source>How long the task runs, typed (0.01 s steps)</source>
        <translation>Сколько длится задача, вводом с клавиатуры (шаг 0,01 с)</translation>
    </message>
    <message>
        <source> s</source>
        <translation> с</translation>
    </message>
    <message>
        <source>This task fails (crashes its worker or raises)</source>
        <translation>Эта задача падает (роняет свой процесс или бросает исключение)</translation>
    </message>
</context>
<context>
    <name>poolscope::gui::TraceLoader</name>
    <message>
        <source>There is not enough memory to read this trace.</source>
        <translation>Недостаточно памяти, чтобы прочитать эту трассу.</translation>
    </message>
    <message>
        <source>The file holds no task to draw.</source>
        <translation>В файле нет задач, которые можно нарисовать.</translation>
    </message>
    <message>
        <source>This file is not a trace PoolScope can draw.</source>
        <translation>Этот файл — не трасса, которую PoolScope может нарисовать.</translation>
    </message>
    <message>
        <source>Details: %1</source>
        <translation>Подробности: %1</translation>
    </message>
    <message>
        <source>Reading this trace failed.</source>
        <translation>Не удалось прочитать трассу.</translation>
    </message>
</context>
<context>
    <name>poolscope::gui::TraceOpener</name>
    <message>
        <source>Open trace</source>
        <translation>Открыть трассу</translation>
    </message>
    <message>
        <source>Trace files (*.json);;All files (*)</source>
        <translation>Файлы трасс (*.json);;Все файлы (*)</translation>
    </message>
    <message>
        <source>Reading %1...</source>
        <translation>Чтение %1...</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>Отмена</translation>
    </message>
    <message>
        <source>Reading cancelled.</source>
        <translation>Чтение отменено.</translation>
    </message>
    <message>
        <source>Could not open %1.</source>
        <translation>Не удалось открыть %1.</translation>
    </message>
    <message>
        <source>Cannot open %1</source>
        <translation>Не удаётся открыть %1</translation>
    </message>
    <message>
        <source>The trace could not be drawn.</source>
        <translation>Не удалось нарисовать трассу.</translation>
    </message>
    <message>
        <source>Open several traces</source>
        <translation>Открыть несколько трасс</translation>
    </message>
</context>
<context>
    <name>poolscope::gui::WatchSession</name>
    <message>
        <source>Stop the program</source>
        <translation>Остановить программу</translation>
    </message>
    <message numerus="yes">
        <source>Watching %1: %n pool call(s) so far.</source>
        <translation>
            <numerusform>Наблюдаем за %1: пока %n вызов пула.</numerusform>
            <numerusform>Наблюдаем за %1: пока %n вызова пула.</numerusform>
            <numerusform>Наблюдаем за %1: пока %n вызовов пула.</numerusform>
        </translation>
    </message>
    <message>
        <source>Stopped: %1 and every process it started were killed.</source>
        <translation>Остановлено: %1 и все запущенные ею процессы завершены.</translation>
    </message>
    <message>
        <source>%1 ended with exit status %2.</source>
        <translation>%1 завершилась с кодом возврата %2.</translation>
    </message>
    <message>
        <source>Watching %1...</source>
        <translation>Наблюдаем за %1...</translation>
    </message>
</context>
<context>
    <name>poolscope::gui::WindowActions</name>
    <message>
        <source>&amp;File</source>
        <translation>&amp;Файл</translation>
    </message>
    <message>
        <source>&amp;Open trace...</source>
        <translation>&amp;Открыть трассу...</translation>
    </message>
    <message>
        <source>Run &amp;beside it</source>
        <translation>Запустить &amp;рядом</translation>
    </message>
    <message>
        <source>Run the opened trace&apos;s tasks live and show both</source>
        <translation>Выполнить задачи открытой трассы вживую и показать обе</translation>
    </message>
    <message>
        <source>&amp;Export PNG (1920×1080)...</source>
        <translation>&amp;Экспорт PNG (1920×1080)...</translation>
    </message>
    <message>
        <source>Export PNG at &amp;size...</source>
        <translation>Экспорт PNG заданного &amp;размера...</translation>
    </message>
    <message>
        <source>Export S&amp;VG...</source>
        <translation>Экспорт S&amp;VG...</translation>
    </message>
    <message>
        <source>Export P&amp;DF...</source>
        <translation>Экспорт P&amp;DF...</translation>
    </message>
    <message>
        <source>&amp;Copy chart</source>
        <translation>&amp;Копировать диаграмму</translation>
    </message>
    <message>
        <source>Export &amp;trace JSON...</source>
        <translation>Экспорт &amp;трассы JSON...</translation>
    </message>
    <message>
        <source>Export C&amp;SV...</source>
        <translation>Экспорт C&amp;SV...</translation>
    </message>
    <message>
        <source>&amp;Quit</source>
        <translation>&amp;Выход</translation>
    </message>
    <message>
        <source>&amp;Run</source>
        <translation>&amp;Запустить</translation>
    </message>
    <message>
        <source>&amp;Stop</source>
        <translation>&amp;Остановить</translation>
    </message>
    <message>
        <source>&amp;Compare all three modes</source>
        <translation>&amp;Сравнить все три режима</translation>
    </message>
    <message>
        <source>&amp;Presets</source>
        <translation>&amp;Примеры</translation>
    </message>
    <message>
        <source>&amp;View</source>
        <translation>&amp;Вид</translation>
    </message>
    <message>
        <source>&amp;Light theme</source>
        <translation>&amp;Светлая тема</translation>
    </message>
    <message>
        <source>&amp;Dark theme</source>
        <translation>&amp;Тёмная тема</translation>
    </message>
    <message>
        <source>&amp;Presenter fonts (projector)</source>
        <translation>&amp;Крупные шрифты (проектор)</translation>
    </message>
    <message>
        <source>&amp;Control panel</source>
        <translation>&amp;Панель управления</translation>
    </message>
    <message>
        <source>&amp;Full screen</source>
        <translation>Во весь &amp;экран</translation>
    </message>
    <message>
        <source>&amp;Help</source>
        <translation>&amp;Справка</translation>
    </message>
    <message>
        <source>&amp;About PoolScope</source>
        <translation>&amp;О программе PoolScope</translation>
    </message>
    <message>
        <source>Metrics &amp;table (when there is room)</source>
        <translation>&amp;Таблица метрик (если есть место)</translation>
    </message>
    <message>
        <source>Caption on exported &amp;images</source>
        <translation>&amp;Подпись на экспортированных изображениях</translation>
    </message>
    <message>
        <source>PNG, SVG and PDF exports carry a line with the settings that made the chart</source>
        <translation>Экспорт в PNG, SVG и PDF несёт строку с настройками, по которым построена диаграмма</translation>
    </message>
    <message>
        <source>The P&amp;ython behind the chart</source>
        <translation>P&amp;ython за диаграммой</translation>
    </message>
    <message>
        <source>Le&amp;gend (also on exported images)</source>
        <translation>Ле&amp;генда (и на экспортированных изображениях)</translation>
    </message>
    <message>
        <source>How to &amp;read this chart</source>
        <translation>Как &amp;читать эту диаграмму</translation>
    </message>
    <message>
        <source>Open &amp;several...</source>
        <translation>Открыть &amp;несколько...</translation>
    </message>
    <message>
        <source>Open several traces and draw their runs one above the other</source>
        <translation>Открыть несколько трасс и показать их запуски один над другим</translation>
    </message>
</context>
<context>
    <name>poolscope::i18n::LanguageMenu</name>
    <message>
        <source>&amp;Language</source>
        <translation>&amp;Язык</translation>
    </message>
</context>
<context>
    <name>poolscope::lesson::LessonRunner</name>
    <message>
        <source>Could not start %1: %2</source>
        <translation>Не удалось запустить %1: %2</translation>
    </message>
</context>
<context>
    <name>poolscope::lesson::LessonTimeline</name>
    <message>
        <source>◆ a result reaches the caller</source>
        <translation>◆ результат доходит до вызывающего</translation>
    </message>
    <message>
        <source>Press Run: each process the cell starts gets a row here, from its start to its exit.</source>
        <translation>Нажмите «Запустить»: каждый процесс, который запускает ячейка, получит здесь строку — от старта до завершения.</translation>
    </message>
    <message>
        <source>%1 s</source>
        <translation>%1 с</translation>
    </message>
</context>
<context>
    <name>poolscope::lesson::LessonView</name>
    <message>
        <source>Python (the notebook)</source>
        <translation>Python (ноутбук)</translation>
    </message>
    <message>
        <source>C++ (PoolScope)</source>
        <translation>C++ (PoolScope)</translation>
    </message>
    <message>
        <source>▶ Run</source>
        <translation>▶ Запустить</translation>
    </message>
    <message>
        <source>Run this cell: its processes really start, and print as they go</source>
        <translation>Запустить ячейку: её процессы действительно стартуют и печатают по ходу работы</translation>
    </message>
    <message>
        <source>Stop</source>
        <translation>Остановить</translation>
    </message>
    <message>
        <source>Fast (a tenth of the time)</source>
        <translation>Быстро (в десять раз)</translation>
    </message>
    <message>
        <source>Every time.sleep() of the cell takes a tenth of its time</source>
        <translation>Каждый time.sleep() ячейки длится в десять раз меньше</translation>
    </message>
    <message>
        <source>Output</source>
        <translation>Вывод</translation>
    </message>
    <message>
        <source>Processes over time</source>
        <translation>Процессы во времени</translation>
    </message>
    <message>
        <source>Running…</source>
        <translation>Выполняется…</translation>
    </message>
    <message>
        <source>Finished in %1 s</source>
        <translation>Завершено за %1 с</translation>
    </message>
    <message>
        <source>Stopped</source>
        <translation>Остановлено</translation>
    </message>
    <message>
        <source>Ended with exit code %1</source>
        <translation>Завершено с кодом %1</translation>
    </message>
    <message>
        <source>Open in Chart</source>
        <translation>Открыть на диаграмме</translation>
    </message>
    <message>
        <source>About this cell</source>
        <translation>Об этой ячейке</translation>
    </message>
    <message>
        <source>Show this example in the Chart tab (preset %1), with task durations you can change</source>
        <translation>Показать этот пример на вкладке «Диаграмма» (пример %1), где длительность задач можно менять</translation>
    </message>
    <message>
        <source>As a script (ours)</source>
        <translation>Как скрипт (наш)</translation>
    </message>
    <message>
        <source>The cell with the imports of the cells before it and the __main__ guard that Python&apos;s spawn and forkserver start methods need: save it and run python3</source>
        <translation>Ячейка с импортами из предыдущих ячеек и проверкой __main__, которая нужна методам запуска spawn и forkserver: сохраните её и запустите python3</translation>
    </message>
</context>
<context>
    <name>poolscope::memory::MemoryChart</name>
    <message>
        <source>%1 records of %2 bytes lower-cased, %3 workers, chunksize %4</source>
        <translation>%1 записей по %2 байт переведены в нижний регистр, процессов: %3, размер порции %4</translation>
    </message>
    <message>
        <source>; imap bounded to %1 in flight (CPython&apos;s imap has no such bound)</source>
        <translation>; imap ограничен %1 задачами в работе (у imap в CPython такого ограничения нет)</translation>
    </message>
    <message>
        <source>; imap reads ahead as far as the pool&apos;s buffer allows, as CPython&apos;s does</source>
        <translation>; imap читает вперёд, насколько позволяет буфер пула, как и в CPython</translation>
    </message>
    <message>
        <source>The caller&apos;s memory: map holds every result, imap and imap_unordered hand them on</source>
        <translation>Память вызывающего процесса: map держит все результаты, imap и imap_unordered отдают их дальше</translation>
    </message>
    <message>
        <source>%1: peak RSS %2 MiB, peak results held %3, wall %4 s</source>
        <translation>%1: пик RSS %2 МиБ, пик результатов в памяти %3, всего %4 с</translation>
    </message>
    <message>
        <source>%1: running, %2 MiB now</source>
        <translation>%1: идёт, сейчас %2 МиБ</translation>
    </message>
    <message>
        <source>Resident memory of the caller (MiB)</source>
        <translation>Резидентная память вызывающего процесса (МиБ)</translation>
    </message>
    <message>
        <source>Results held (read from the stream, not yet handed on)</source>
        <translation>В памяти (прочитаны из потока, не отданы)</translation>
    </message>
    <message>
        <source>Results handed on</source>
        <translation>Результатов отдано дальше</translation>
    </message>
    <message>
        <source>seconds since the pool started</source>
        <translation>секунды от запуска пула</translation>
    </message>
    <message>
        <source>Press Run: each mode lower-cases the texts in a process of its own, and that process&apos;s memory is drawn here as it runs.</source>
        <translation>Нажмите «Запустить»: каждый режим переводит тексты в нижний регистр в отдельном процессе, и память этого процесса рисуется здесь по ходу работы.</translation>
    </message>
    <message>
        <source>%1 done at %2 s</source>
        <translation>%1 готов за %2 с</translation>
    </message>
    <message>
        <source>%1, unbounded</source>
        <translation>%1, без ограничения</translation>
    </message>
    <message>
        <source>; dashed: the same imap unbounded, as CPython runs it</source>
        <translation>; пунктир: тот же imap без ограничения, как его выполняет CPython</translation>
    </message>
</context>
<context>
    <name>poolscope::memory::MemoryView</name>
    <message>
        <source>%1 GiB</source>
        <translation>%1 ГиБ</translation>
    </message>
    <message>
        <source>%1 MiB</source>
        <translation>%1 МиБ</translation>
    </message>
    <message>
        <source>&amp;Texts (N)</source>
        <translation>&amp;Тексты (N)</translation>
    </message>
    <message>
        <source>How many generated texts the pool lower-cases</source>
        <translation>Сколько сгенерированных текстов пул переводит в нижний регистр</translation>
    </message>
    <message>
        <source>&amp;Bytes each (B)</source>
        <translation>&amp;Байт в каждом (B)</translation>
    </message>
    <message>
        <source>Size of each text in bytes</source>
        <translation>Размер каждого текста в байтах</translation>
    </message>
    <message>
        <source>&amp;Workers</source>
        <translation>&amp;Процессы</translation>
    </message>
    <message>
        <source>&amp;Chunksize</source>
        <translation>Размер &amp;порции</translation>
    </message>
    <message>
        <source>&amp;Mode</source>
        <translation>&amp;Режим</translation>
    </message>
    <message>
        <source>all three</source>
        <translation>все три</translation>
    </message>
    <message>
        <source>imap w&amp;indow</source>
        <translation>&amp;Окно imap</translation>
    </message>
    <message>
        <source>unbounded</source>
        <translation>без ограничения</translation>
    </message>
    <message>
        <source>At most this many texts read but not yet handed on (max_in_flight). Unbounded is what CPython&apos;s imap does.</source>
        <translation>Не больше стольких текстов прочитано, но ещё не отдано дальше (max_in_flight). Без ограничения — так работает imap в CPython.</translation>
    </message>
    <message>
        <source>As in CPython, imap here reads its input ahead as far as the pool&apos;s buffer allows and holds the results the caller has not taken yet. A window bounds that (PoolScope&apos;s max_in_flight; CPython&apos;s Pool has no such bound). Each mode runs in a process of its own; the curve is that process&apos;s resident memory.</source>
        <translation>Как и в CPython, imap здесь читает вход вперёд, насколько позволяет буфер пула, и держит результаты, которые вызывающий ещё не забрал. Окно это ограничивает (max_in_flight в PoolScope; у Pool в CPython такого ограничения нет). Каждый режим выполняется в отдельном процессе; кривая — резидентная память этого процесса.</translation>
    </message>
    <message>
        <source>map of %1 × %2 B holds every result: about %3 in the caller.</source>
        <translation>map для %1 × %2 Б держит все результаты: около %3 в вызывающем процессе.</translation>
    </message>
    <message>
        <source>imap at most about %1.</source>
        <translation>imap — не больше примерно %1.</translation>
    </message>
    <message>
        <source>Available: %1.</source>
        <translation>Доступно: %1.</translation>
    </message>
    <message>
        <source>Too big for this machine: %1 would need about %2, and %3 is available. Lower N or B, or leave map out.</source>
        <translation>Слишком много для этой машины: %1 понадобится около %2, а доступно %3. Уменьшите N или B или уберите map.</translation>
    </message>
    <message>
        <source>Stop</source>
        <translation>Стоп</translation>
    </message>
    <message>
        <source>Run</source>
        <translation>Запустить</translation>
    </message>
    <message>
        <source>Measuring… each mode runs in a process of its own.</source>
        <translation>Идёт измерение… каждый режим выполняется в отдельном процессе.</translation>
    </message>
    <message>
        <source>Stopped.</source>
        <translation>Остановлено.</translation>
    </message>
    <message>
        <source>the measuring process ended unexpectedly</source>
        <translation>измеряющий процесс неожиданно завершился</translation>
    </message>
    <message>
        <source>Failed: %1</source>
        <translation>Ошибка: %1</translation>
    </message>
    <message>
        <source>A window bounds imap here; CPython&apos;s imap has none. Measuring %1 unbounded, as CPython runs it…</source>
        <translation>Здесь imap ограничен окном; у imap в CPython окна нет. Измеряю %1 без ограничения, как его выполняет CPython…</translation>
    </message>
    <message>
        <source>%1: peak RSS %2 MiB, peak results held %3, wall %4 s</source>
        <translation>%1: пик RSS %2 МиБ, пик результатов в памяти %3, всего %4 с</translation>
    </message>
</context>
</TS>
