package kz.almaty.housing.engine;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.MultiGauge;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import org.camunda.bpm.engine.ProcessEngine;
import org.camunda.bpm.engine.impl.cfg.ProcessEngineConfigurationImpl;
import org.camunda.bpm.engine.impl.util.ClockUtil;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.RowCallbackHandler;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * The process's state as Prometheus gauges (docs/notes/engine-metrics.md): open incidents, user tasks
 * per candidate group (one district commission each), instances per activity, external tasks per topic,
 * the job backlog. Refreshed every ENGINE_GAUGES_REFRESH_MS by seven grouped SELECTs on the
 * engine's runtime tables: the engine's query API counts but cannot group, and a count per label value
 * (or a loop over instances) would cost a query per group, topic or activity.
 *
 * <p>Labels carry diagram ids, topics and group ids only, never an applicant's data. A label set seen
 * once stays, at 0 when it empties, so that dashboards and alerts see a drop to 0 rather than a gap.
 */
@Component
public class ProcessGauges {
  private static final Logger LOG = LoggerFactory.getLogger(ProcessGauges.class);
  /** Tasks that no candidate group may claim (assigned to a person only). */
  static final String NO_GROUP = "none";

  private final JdbcTemplate jdbc;
  private final String prefix;
  private final MeterRegistry registry;
  private final Timer refreshTimer;
  private final AtomicLong jobsFailed = new AtomicLong();
  private final Map<String, Family> families = new LinkedHashMap<>();

  public ProcessGauges(ProcessEngine engine, MeterRegistry registry) {
    ProcessEngineConfigurationImpl configuration =
        (ProcessEngineConfigurationImpl) engine.getProcessEngineConfiguration();
    this.jdbc = new JdbcTemplate(configuration.getDataSource());
    String tablePrefix = configuration.getDatabaseTablePrefix();
    this.prefix = tablePrefix == null ? "" : tablePrefix;
    this.registry = registry;
    this.refreshTimer =
        Timer.builder("camunda.gauges.refresh")
            .description("Time taken by one refresh of the camunda_* process gauges")
            .register(registry);
    Gauge.builder("camunda.jobs.failed", jobsFailed, AtomicLong::get)
        .description("Jobs whose retries are used up (each has an incident)")
        .register(registry);
  }

  /** One gauge name with its labels; its rows are every label set seen so far. */
  private final class Family {
    final MultiGauge gauge;
    final String[] labels;
    final Map<List<String>, Double> values = new LinkedHashMap<>();

    Family(String name, String description, String... labels) {
      this.gauge = MultiGauge.builder(name).description(description).register(registry);
      this.labels = labels;
    }

    void publish(Map<List<String>, Double> now) {
      values.replaceAll((k, v) -> 0.0);
      values.putAll(now);
      List<MultiGauge.Row<?>> rows = new ArrayList<>();
      // A family with nothing to count yet still shows one zero series, with its labels empty: an alert or
      // a panel naming it then reads 0, and a name that no family has is told apart from one at rest.
      if (values.isEmpty()) values.put(Collections.nCopies(labels.length, ""), 0.0);
      values.forEach(
          (key, value) -> {
            Tags tags = Tags.empty();
            for (int i = 0; i < labels.length; i++) tags = tags.and(labels[i], key.get(i));
            rows.add(MultiGauge.Row.of(tags, value));
          });
      gauge.register(rows, true);
    }
  }

  private Family family(String name, String description, String... labels) {
    return families.computeIfAbsent(name, n -> new Family(n, description, labels));
  }

  private String table(String name) {
    return prefix + name;
  }

  private static String label(ResultSet rs, int column) throws SQLException {
    String value = rs.getString(column);
    return value == null ? "" : value;
  }

  /**
   * The engine's own incident types by name; any other (a custom incident's type is free text a caller
   * writes, possibly a person's name or IIN) as "other", so no label carries what a caller typed.
   */
  private static String incidentType(String type) {
    return Set.of("failedJob", "failedExternalTask").contains(type) ? type : "other";
  }

  private static double ageSeconds(Timestamp oldest, long now) {
    return oldest == null ? 0 : Math.max(0, (now - oldest.getTime()) / 1000.0);
  }

  @Scheduled(fixedDelayString = "${housing.gauges.refresh-ms}")
  public void scheduledRefresh() {
    try {
      refresh();
    } catch (RuntimeException e) {
      // The gauges keep their last values; the next refresh tries again.
      LOG.warn("the process gauges could not be refreshed: {}", e.toString());
    }
  }

  /** Reads every family once (synchronized: a slow refresh is not overlapped by the next). */
  public synchronized void refresh() {
    refreshTimer.record(this::readAll);
  }

  private void readAll() {
    long nowMillis = ClockUtil.getCurrentTime().getTime();
    Timestamp now = new Timestamp(nowMillis);

    Map<List<String>, Double> incidents = new LinkedHashMap<>();
    jdbc.query(
        "SELECT ACTIVITY_ID_, INCIDENT_TYPE_, COUNT(*) FROM " + table("ACT_RU_INCIDENT")
            + " GROUP BY ACTIVITY_ID_, INCIDENT_TYPE_",
        rs -> {
          incidents.merge(List.of(label(rs, 1), incidentType(label(rs, 2))), (double) rs.getLong(3), Double::sum);
        });
    family("camunda.incidents.open", "Open incidents", "activity_id", "incident_type")
        .publish(incidents);

    // A task offered to two groups counts in each; a task without a candidate group counts under "none".
    // Driven by the links, joined to the task by its key: a plan that stays linear on stale statistics.
    Map<List<String>, Double> tasksOpen = new LinkedHashMap<>();
    Map<List<String>, Double> tasksOldest = new LinkedHashMap<>();
    Map<List<String>, Double> tasksOverdue = new LinkedHashMap<>();
    RowCallbackHandler tasks =
        rs -> {
          if (rs.getLong(2) == 0) return;
          List<String> key = List.of(label(rs, 1));
          tasksOpen.put(key, (double) rs.getLong(2));
          tasksOldest.put(key, ageSeconds(rs.getTimestamp(3), nowMillis));
          tasksOverdue.put(key, (double) rs.getLong(4));
        };
    String taskColumns =
        "COUNT(*), MIN(T.CREATE_TIME_), SUM(CASE WHEN T.DUE_DATE_ < ? THEN 1 ELSE 0 END)";
    String candidateGroupLinks =
        " L.TYPE_ = 'candidate' AND L.GROUP_ID_ IS NOT NULL AND L.TASK_ID_ IS NOT NULL";
    jdbc.query(
        "SELECT L.GROUP_ID_, " + taskColumns + " FROM " + table("ACT_RU_IDENTITYLINK") + " L JOIN "
            + table("ACT_RU_TASK") + " T ON T.ID_ = L.TASK_ID_ WHERE" + candidateGroupLinks
            + " GROUP BY L.GROUP_ID_",
        tasks,
        now);
    jdbc.query(
        "SELECT '" + NO_GROUP + "', " + taskColumns + " FROM " + table("ACT_RU_TASK") + " T WHERE T.ID_ NOT IN"
            + " (SELECT L.TASK_ID_ FROM " + table("ACT_RU_IDENTITYLINK") + " L WHERE" + candidateGroupLinks + ")",
        tasks,
        now);
    family("camunda.user.tasks.open", "Open user tasks per candidate group", "candidate_group")
        .publish(tasksOpen);
    family(
            "camunda.user.tasks.oldest.age.seconds",
            "Age of the oldest open user task per candidate group",
            "candidate_group")
        .publish(tasksOldest);
    family(
            "camunda.user.tasks.overdue",
            "Open user tasks whose due date has passed, per candidate group",
            "candidate_group")
        .publish(tasksOverdue);

    // An execution that carries an activity id is a token waiting in (or running) that activity; the
    // scope executions above it carry none.
    Map<List<String>, Double> running = new LinkedHashMap<>();
    jdbc.query(
        "SELECT D.KEY_, D.VERSION_, E.ACT_ID_, COUNT(*) FROM " + table("ACT_RU_EXECUTION") + " E JOIN "
            + table("ACT_RE_PROCDEF") + " D ON D.ID_ = E.PROC_DEF_ID_"
            + " WHERE E.ACT_ID_ IS NOT NULL GROUP BY D.KEY_, D.VERSION_, E.ACT_ID_",
        rs -> {
          running.put(
              List.of(label(rs, 1), String.valueOf(rs.getInt(2)), label(rs, 3)), (double) rs.getLong(4));
        });
    family(
            "camunda.process.instances.running",
            "Tokens of running process instances per process, version and activity",
            "process_key",
            "version",
            "activity_id")
        .publish(running);

    Map<List<String>, Double> extOpen = new LinkedHashMap<>();
    Map<List<String>, Double> extLocked = new LinkedHashMap<>();
    Map<List<String>, Double> extOldest = new LinkedHashMap<>();
    jdbc.query(
        "SELECT TOPIC_NAME_, COUNT(*), SUM(CASE WHEN LOCK_EXP_TIME_ > ? THEN 1 ELSE 0 END),"
            + " MIN(CASE WHEN (LOCK_EXP_TIME_ IS NULL OR LOCK_EXP_TIME_ <= ?) AND SUSPENSION_STATE_ = 1"
            + " AND (RETRIES_ IS NULL OR RETRIES_ > 0) THEN CREATE_TIME_ END)"
            + " FROM " + table("ACT_RU_EXT_TASK") + " GROUP BY TOPIC_NAME_",
        rs -> {
          List<String> key = List.of(label(rs, 1));
          extOpen.put(key, (double) rs.getLong(2));
          extLocked.put(key, (double) rs.getLong(3));
          extOldest.put(key, ageSeconds(rs.getTimestamp(4), nowMillis));
        },
        now,
        now);
    family("camunda.external.tasks.open", "External tasks per topic (locked or not)", "topic")
        .publish(extOpen);
    family("camunda.external.tasks.locked", "External tasks a worker holds a lock on", "topic")
        .publish(extLocked);
    family(
            "camunda.external.tasks.oldest.unlocked.age.seconds",
            "Age of the oldest external task a worker could fetch now, per topic",
            "topic")
        .publish(extOldest);

    // The backlog: jobs the job executor could acquire now (due, active, retries left, not locked).
    Map<List<String>, Double> jobsDue = new LinkedHashMap<>();
    jdbc.query(
        "SELECT TYPE_, COUNT(*) FROM " + table("ACT_RU_JOB")
            + " WHERE (DUEDATE_ IS NULL OR DUEDATE_ <= ?) AND RETRIES_ > 0 AND SUSPENSION_STATE_ = 1"
            + " AND (LOCK_EXP_TIME_ IS NULL OR LOCK_EXP_TIME_ <= ?) GROUP BY TYPE_",
        rs -> {
          jobsDue.put(List.of(label(rs, 1)), (double) rs.getLong(2));
        },
        now,
        now);
    family("camunda.jobs.due", "Jobs due and executable, not yet acquired, per type", "type")
        .publish(jobsDue);

    Long failed =
        jdbc.queryForObject("SELECT COUNT(*) FROM " + table("ACT_RU_JOB") + " WHERE RETRIES_ = 0", Long.class);
    jobsFailed.set(failed == null ? 0 : failed);
  }
}
