import { elementsOf, isServiceTask, type Rule } from '../rule.js';

/** Every service task is external and its topic has a worker (the reverse is checked over all files). */
export const topicsHaveWorkers: Rule = {
  id: 'topics-have-workers',
  check(model, { workerTopics }) {
    return elementsOf(model)
      .filter(isServiceTask)
      .flatMap((task) => {
        const where = { rule: this.id, element: task.id };
        if (!task.external || !task.topic)
          return [
            {
              ...where,
              message: 'not an external task with a topic',
              fix: `make ${task.id} an external task with one of the topics: ${workerTopics.join(', ')}`,
            },
          ];
        if (!workerTopics.includes(task.topic))
          return [
            {
              ...where,
              message: `no worker listens on topic ${task.topic}`,
              fix: `use one of ${workerTopics.join(', ')}, or add workers/${task.topic}.ts`,
            },
          ];
        return [];
      });
  },
};
