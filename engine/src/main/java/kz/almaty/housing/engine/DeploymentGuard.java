package kz.almaty.housing.engine;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;
import org.camunda.bpm.engine.BpmnParseException;
import org.camunda.bpm.engine.impl.bpmn.parser.AbstractBpmnParseListener;
import org.camunda.bpm.engine.impl.bpmn.parser.BpmnParseListener;
import org.camunda.bpm.engine.impl.cfg.AbstractProcessEnginePlugin;
import org.camunda.bpm.engine.impl.cfg.ProcessEngineConfigurationImpl;
import org.camunda.bpm.engine.impl.context.Context;
import org.camunda.bpm.engine.impl.identity.Authentication;
import org.camunda.bpm.engine.impl.interceptor.CommandContext;
import org.camunda.bpm.engine.impl.persistence.entity.DeploymentEntity;
import org.camunda.bpm.engine.impl.persistence.entity.ProcessDefinitionEntity;
import org.camunda.bpm.engine.impl.util.xml.Element;
import org.springframework.stereotype.Component;

/**
 * Whoever may deploy (analysts) could otherwise run any code in the engine: a service task's
 * camunda:expression or class, a script, a listener, or an expression calling methods
 * (`${''.getClass().forName(...)}`, `${identityService.createMembership(...)}`), started at once by a
 * timer start event. A new deployment by anyone but the administrator (camunda-admin) is refused (400,
 * naming each element and why) unless it is our one process in the shapes our diagram uses: message
 * starts, the 10-day term's timer start in its event subprocess, external service tasks only, and
 * expressions of a small grammar (variables, negation, comparison with a literal, && and ||).
 * Every element and attribute of the file is walked, not only those the engine's callbacks name.
 */
@Component
public class DeploymentGuard extends AbstractProcessEnginePlugin {
  static final String PROCESS_ID = "housing-assistance";
  /** npm run amend checks its plan against a copy under this key, deleted at once (src/engine/migration.ts). */
  static final Set<String> PROCESS_IDS = Set.of(PROCESS_ID, PROCESS_ID + "-amend-probe");
  private static final String ADMINS = "camunda-admin";
  private static final String CAMUNDA_NS = "http://camunda.org/schema/1.0/bpmn";
  /** Camunda still reads the Activiti namespace as its own: the same rules apply to it. */
  private static final String ACTIVITI_NS = "http://activiti.org/bpmn";
  private static final Set<String> EXTENSION_NS = Set.of(CAMUNDA_NS, ACTIVITI_NS);
  /**
   * The only extension attributes a diagram of ours carries (the shipped one, its templates, Modeler's
   * defaults); any other (formHandlerClass, variableMappingClass, class, expression…) is refused.
   */
  private static final Set<String> EXTENSION_ATTRIBUTES =
      Set.of(
          "type",
          "topic",
          "modelerTemplate",
          "modelerTemplateVersion",
          "candidateGroups",
          "dueDate",
          "formRef",
          "formRefBinding",
          "formRefVersion",
          "historyTimeToLive",
          "versionTag",
          "asyncBefore",
          "asyncAfter",
          "exclusive",
          "isStartableInTasklist");
  private static final String BPMN_NS = "http://www.omg.org/spec/BPMN/20100524/MODEL";

  private static final Set<String> REFUSED_TASKS =
      Set.of("scriptTask", "businessRuleTask", "callActivity", "script");
  /** camunda: elements our diagram uses (input mappings, modeler template properties); nothing else runs code. */
  private static final Set<String> CAMUNDA_ELEMENTS =
      Set.of("inputOutput", "inputParameter", "properties", "property");
  private static final Set<String> CAMUNDA_CODE_ATTRIBUTES =
      Set.of("class", "delegateExpression", "expression", "resultVariable", "resource");
  /** A condition or mapping in a script language runs without any ${…}. */
  private static final Set<String> SCRIPT_ATTRIBUTES = Set.of("language", "scriptFormat");

  private static final String IDENT = "[A-Za-z_][A-Za-z0-9_]*";
  /** The one call allowed: reading a variable that may be unset (the 10-day term's check of delivery). */
  private static final String OPERAND = "(?:" + IDENT + "|execution\\.getVariable\\('" + IDENT + "'\\))";
  private static final String LITERAL = "(?:'[A-Za-z0-9 _.:-]*'|null|true|false|-?[0-9]+)";
  private static final String TERM =
      "(?:!\\s*" + IDENT + "|" + OPERAND + "(?:\\s*(?:==|!=)\\s*" + LITERAL + ")?)";
  private static final Pattern EXPRESSION =
      Pattern.compile("\\s*" + TERM + "(?:\\s*(?:&&|\\|\\|)\\s*" + TERM + ")*\\s*");
  private static final Pattern EMBEDDED = Pattern.compile("\\$\\{([^{}]*)\\}");

  @Override
  public void preInit(ProcessEngineConfigurationImpl configuration) {
    List<BpmnParseListener> listeners =
        configuration.getCustomPreBPMNParseListeners() == null
            ? new ArrayList<>()
            : new ArrayList<>(configuration.getCustomPreBPMNParseListeners());
    listeners.add(new Listener());
    configuration.setCustomPreBPMNParseListeners(listeners);
  }

  static final class Listener extends AbstractBpmnParseListener {
    @Override
    public void parseRootElement(Element root, List<ProcessDefinitionEntity> definitions) {
      if (!isNewDeployment(definitions) || byAdministrator()) return;
      List<String> problems = new ArrayList<>();
      walk(root, null, problems);
      if (!problems.isEmpty())
        throw new BpmnParseException("Deployment refused: " + String.join("; ", problems), root);
    }
  }

  /** The engine parses stored deployments again when its cache misses: only a new one is checked. */
  private static boolean isNewDeployment(List<ProcessDefinitionEntity> definitions) {
    CommandContext context = Context.getCommandContext();
    if (context == null) return true;
    for (ProcessDefinitionEntity definition : definitions) {
      DeploymentEntity deployment =
          context.getDbEntityManager().getCachedEntity(DeploymentEntity.class, definition.getDeploymentId());
      if (deployment != null && deployment.isNew()) return true;
    }
    return false;
  }

  private static boolean byAdministrator() {
    Authentication authentication =
        Context.getProcessEngineConfiguration().getIdentityService().getCurrentAuthentication();
    return authentication != null
        && authentication.getGroupIds() != null
        && authentication.getGroupIds().contains(ADMINS);
  }

  static void walk(Element element, Element parent, List<String> problems) {
    String where = describe(element);
    String tag = element.getTagName();
    boolean bpmn = BPMN_NS.equals(element.getUri());
    if (EXTENSION_NS.contains(element.getUri())) {
      if (!CAMUNDA_ELEMENTS.contains(tag)) problems.add(where + ": camunda:" + tag + " is not allowed");
    } else if (REFUSED_TASKS.contains(tag)) {
      problems.add(where + ": a " + tag + " runs code in the engine");
    } else if (bpmn && tag.equals("process") && !PROCESS_IDS.contains(element.attribute("id"))) {
      problems.add(where + ": the only process deployed here is '" + PROCESS_ID + "'");
    } else if (bpmn && (tag.equals("serviceTask") || tag.equals("sendTask"))) {
      if (!"external".equals(element.attribute(CAMUNDA_NS + ":type"))
          && !"external".equals(element.attribute(ACTIVITI_NS + ":type")))
        problems.add(where + ": a " + tag + " must be camunda:type=\"external\" (worked by our workers)");
    } else if (bpmn && tag.equals("startEvent")) {
      String shape = startShape(element, parent);
      if (shape != null) problems.add(where + ": " + shape);
    }
    for (String key : element.attributes()) {
      String name = key.substring(key.lastIndexOf(':') + 1);
      String ns = key.contains("://") ? key.substring(0, key.lastIndexOf(':')) : "";
      if (EXTENSION_NS.contains(ns) && CAMUNDA_CODE_ATTRIBUTES.contains(name))
        problems.add(where + ": camunda:" + name + " is not allowed (it runs code in the engine)");
      else if (EXTENSION_NS.contains(ns) && !EXTENSION_ATTRIBUTES.contains(name))
        problems.add(where + ": camunda:" + name + " is not an attribute of our diagrams");
      else if (SCRIPT_ATTRIBUTES.contains(name))
        problems.add(where + ": " + name + " is not allowed (a script)");
      String bad = badExpression(element.attribute(key));
      if (bad != null) problems.add(where + ": attribute " + name + ": " + bad);
    }
    String bad = badExpression(element.getText());
    if (bad != null) problems.add(where + ": " + bad);
    for (Element child : element.elements()) walk(child, element, problems);
  }

  /** Why a start event is not one of our diagram's shapes, or null when it is. */
  private static String startShape(Element start, Element parent) {
    List<String> definitions = new ArrayList<>();
    for (Element child : start.elements())
      if (child.getTagName().endsWith("EventDefinition")) definitions.add(child.getTagName());
    String in = parent == null ? "" : parent.getTagName();
    if (in.equals("process"))
      return definitions.equals(List.of("messageEventDefinition"))
          ? null
          : "a process starts only by a message (the portal's or the State Corporation's)";
    if (in.equals("subProcess") && "true".equals(parent.attribute("triggeredByEvent"))) {
      if (!definitions.equals(List.of("timerEventDefinition")))
        return "an event subprocess starts only by a timer (the 10-day term, §6)";
      for (Element timer : start.elements())
        for (Element spec : timer.elements())
          if (!spec.getTagName().equals("timeDuration"))
            return "an event subprocess's timer is a duration, not " + spec.getTagName();
      return null;
    }
    if (in.equals("subProcess")) return definitions.isEmpty() ? null : "a subprocess starts plainly";
    return "a start event only in a process or a subprocess";
  }

  /** Why a text is not allowed as an expression, or null when it holds none or only allowed ones. */
  static String badExpression(String text) {
    if (text == null || (!text.contains("${") && !text.contains("#{"))) return null;
    if (text.contains("#{")) return "#{…} expressions are not allowed";
    String rest = EMBEDDED.matcher(text).replaceAll(m -> EXPRESSION.matcher(m.group(1)).matches() ? "" : "\0");
    if (rest.contains("\0") || rest.contains("${"))
      return "expression not allowed (only variables, !, == or != a literal, && and ||): " + abbreviate(text);
    return null;
  }

  private static String abbreviate(String text) {
    String one = text.strip().replaceAll("\\s+", " ");
    return one.length() > 120 ? one.substring(0, 120) + "…" : one;
  }

  private static String describe(Element element) {
    String id = element.attribute("id");
    return element.getTagName() + (id == null ? "" : " '" + id + "'") + " (line " + element.getLine() + ")";
  }
}
