package kz.almaty.housing.engine;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.camunda.bpm.engine.AuthorizationException;
import org.camunda.bpm.engine.impl.cfg.AbstractProcessEnginePlugin;
import org.camunda.bpm.engine.impl.cfg.ProcessEngineConfigurationImpl;
import org.camunda.bpm.engine.impl.context.Context;
import org.camunda.bpm.engine.impl.identity.Authentication;
import org.camunda.bpm.engine.impl.interceptor.Command;
import org.camunda.bpm.engine.impl.interceptor.CommandInterceptor;
import org.springframework.stereotype.Component;

/**
 * The engine's permissions are too coarse for our two technical users: completing an external task
 * (worker) and correlating the hand-over message (api) need UPDATE_INSTANCE, which also lets them write
 * any variable and move an instance past the commission (§8, §10 step 4 is the commission's alone).
 * This guard refuses those commands to them (403, as an authorization failure), as it does every command
 * that moves a token other than by completing a task (signals, starts at an activity, jobs and timers,
 * suspension), and refuses `api` every command on external tasks, which only `worker` works.
 *
 * <p>People of the groups `analysts` and `operators` hold UPDATE_INSTANCE too (an amendment's due
 * dates, Cockpit's retries), which would equally let them write variables, modify or restart an
 * instance, correlate the desk's messages, fire a deadline's job or suspend an instance: those are
 * refused them as well. Analysts keep deploying and migrating (npm run amend, with its due dates),
 * operators keep retrying failed jobs and external tasks.
 */
@Component
public class TechnicalUsersGuard extends AbstractProcessEnginePlugin {
  private static final Set<String> REWRITES =
      Set.of(
          "SetExecutionVariablesCmd",
          "PatchExecutionVariablesCmd",
          "RemoveExecutionVariablesCmd",
          "SetTaskVariablesCmd",
          "PatchTaskVariablesCmd",
          "RemoveTaskVariablesCmd",
          "ModifyProcessInstanceCmd",
          "ModifyProcessInstanceAsyncCmd",
          "ProcessInstanceModificationCmd",
          "ProcessInstanceModificationBatchCmd",
          "RestartProcessInstancesCmd",
          "RestartProcessInstancesBatchCmd",
          "MigrateProcessInstanceCmd",
          "MigrateProcessInstanceBatchCmd");
  private static final Set<String> EXTERNAL_TASKS =
      Set.of(
          "FetchExternalTasksCmd",
          "LockExternalTaskCmd",
          "ExtendLockOnExternalTaskCmd",
          "CompleteExternalTaskCmd",
          "HandleExternalTaskFailureCmd",
          "HandleExternalTaskBpmnErrorCmd",
          "UnlockExternalTaskCmd",
          "SetExternalTaskRetriesCmd",
          "SetExternalTasksRetriesCmd",
          "SetExternalTasksRetriesBatchCmd",
          "SetExternalTaskPriorityCmd");
  /**
   * Whatever moves a token other than by completing its own external task, or holds, fires or reschedules
   * the process: signals and received events, starts (other than by the intake's message), jobs (timers:
   * deadlines, §6, §10), suspension, deletion.
   */
  private static final java.util.regex.Pattern MOVES =
      java.util.regex.Pattern.compile(
          "Signal|EventReceived|StartProcessInstance|Job|Suspen|Delete|Modif|Migrat|Restart");

  /**
   * What neither analysts nor operators may do with their UPDATE_INSTANCE: write variables, move a
   * token (modification, restart, messages, signals, conditions, a job run now, an external task
   * locked and completed by hand), hold an instance, or delete one or its history.
   */
  private static final java.util.regex.Pattern PEOPLE_DENIED =
      java.util.regex.Pattern.compile(
          "^(Set|Patch|Remove)\\w*Variables?\\w*Cmd$|Modif|Restart|Correlat|Signal|EventReceived|StartCondition"
              + "|StartProcessInstance|ProcessInstantiation|ExecuteJob|RecalculateJobDuedate|Suspen|Activat"
              + "|^(Fetch|Lock|ExtendLockOn|Complete|Handle|Unlock)ExternalTask|^Delete(Historic)?(ProcessInstance|VariableInstance)"
              // A new version or a migration can change the path past the commission (a timer that skips
              // it): diagrams are deployed and applications migrated by the administrator, after review.
              + "|^DeployCmd$|^Redeploy|^DeleteDeployment|^DeleteProcessDefinition|Migrat|MigrationPlan"
              // Deadlines (§6, §10) are the diagram's: not moved, deleted or reprioritised by a person.
              + "|^SetJobDuedate|^DeleteJob|Priority"
              // An incident is the engine's record of a failure, not a note a person writes.
              + "|^CreateIncident");
  /** Operators retry incidents (Cockpit); an analyst has no need to touch a job or a task. */
  private static final java.util.regex.Pattern ANALYSTS_DENIED =
      java.util.regex.Pattern.compile("Retries");

  private static final Set<String> PEOPLE = Set.of("analysts", "operators");

  private static final Map<String, Set<String>> DENIED =
      Map.of("worker", REWRITES, "api", union(REWRITES, EXTERNAL_TASKS));

  private static Set<String> union(Set<String> a, Set<String> b) {
    Set<String> all = new java.util.HashSet<>(a);
    all.addAll(b);
    return Set.copyOf(all);
  }

  @Override
  public void preInit(ProcessEngineConfigurationImpl configuration) {
    configuration.setCustomPreCommandInterceptorsTxRequired(
        with(configuration.getCustomPreCommandInterceptorsTxRequired(), configuration));
    configuration.setCustomPreCommandInterceptorsTxRequiresNew(
        with(configuration.getCustomPreCommandInterceptorsTxRequiresNew(), configuration));
  }

  private static List<CommandInterceptor> with(
      List<CommandInterceptor> existing, ProcessEngineConfigurationImpl configuration) {
    List<CommandInterceptor> list = existing == null ? new ArrayList<>() : new ArrayList<>(existing);
    list.add(new Guard(configuration));
    return list;
  }

  static final class Guard extends CommandInterceptor {
    private final ProcessEngineConfigurationImpl configuration;

    Guard(ProcessEngineConfigurationImpl configuration) {
      this.configuration = configuration;
    }

    @Override
    public <T> T execute(Command<T> command) {
      Authentication authentication = configuration.getIdentityService().getCurrentAuthentication();
      // A command the engine runs inside another one was allowed with it.
      if (authentication != null && Context.getCommandContext() == null) refuseToPeople(authentication, command);
      if (authentication != null) {
        Set<String> denied = DENIED.get(authentication.getUserId());
        String name = command.getClass().getSimpleName();
        if (denied != null && (denied.contains(name) || MOVES.matcher(name).find())) {
          throw new AuthorizationException(
              "The technical user '"
                  + authentication.getUserId()
                  + "' may not run "
                  + name
                  + ": only the commission decides step 4, through its task");
        }
      }
      return next.execute(command);
    }

    private static void refuseToPeople(Authentication authentication, Command<?> command) {
      List<String> groups = authentication.getGroupIds() == null ? List.of() : authentication.getGroupIds();
      String name = command.getClass().getSimpleName();
      for (String group : groups) {
        if (!PEOPLE.contains(group)) continue;
        if (PEOPLE_DENIED.matcher(name).find()
            || (group.equals("analysts") && ANALYSTS_DENIED.matcher(name).find()))
          throw new AuthorizationException(
              "The "
                  + group
                  + " may not run "
                  + name
                  + ": deployments and migrations are the administrator's; variables, tokens, jobs, incidents and"
                  + " suspension the process's and the commission's alone");
      }
    }
  }
}
