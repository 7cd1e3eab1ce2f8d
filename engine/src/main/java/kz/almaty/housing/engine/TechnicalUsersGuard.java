package kz.almaty.housing.engine;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.camunda.bpm.engine.AuthorizationException;
import org.camunda.bpm.engine.impl.cfg.AbstractProcessEnginePlugin;
import org.camunda.bpm.engine.impl.cfg.ProcessEngineConfigurationImpl;
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
  }
}
