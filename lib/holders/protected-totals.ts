import type { WeekTotals as SharedTotals } from "../sharing/measurement";
import type { WeekTotals } from "../team/week-totals";
import { type IsoWeek, isoWeekOfLocalDate, weeksBetween } from "../time/iso-week";
import { isLocalDate } from "../time/local-date";

/**
 * The protected batches' sums as the team view's week totals (issue 13), so the dashboard's
 * views, release rules and export work on them as on direct files.
 *
 * Exact: reporting, active, bands, the figures (minutes, visits, tags, minutes saved, per tool and
 * task), the retention counts of weeks 9–12, and, when the team's layout counts people exactly
 * (`layout.people`, every team setting made from this version on), the people behind every figure.
 * Batches of team settings made before carry only a "used" flag per tool and a "tagged" flag per
 * task, so some of their people counts are bounds: the most people of one task for the all-task
 * counts (a lower bound: suppression can only hide more), a tool's users for its minutes and
 * visits, and the active people for all tools (upper bounds).
 */
export function viewTotalsOf(
  batches: readonly SharedTotals[],
  weeksSinceTraining: (week: IsoWeek) => number | null,
): WeekTotals[] {
  return batches.map((noisy) => {
    const batch = withinReporting(noisy);
    const t = weeksSinceTraining(batch.week);
    const inRetention = t !== null && t >= 9 && t <= 12;
    const mostTagged = Math.max(0, ...batch.tasks.map((task) => task.people));
    const tagCount = batch.tasks.reduce((sum, task) => sum + task.tags, 0);
    const toolMinutes = batch.tools.reduce((sum, tool) => sum + tool.activeMinutes, 0);
    const toolVisits = batch.tools.reduce((sum, tool) => sum + tool.visits, 0);
    const exact = batch.people;
    const ofTool = (toolId: string, used: number) => {
      const found = exact?.tools.find((tool) => tool.toolId === toolId);
      return { visits: found ? found.visits : used, minutes: found ? found.minutes : used };
    };
    const ofTask = (category: string, tagged: number) => {
      const found = exact?.tasks.find((task) => task.category === category);
      return { tags: found ? found.tags : tagged, minutesSaved: found ? found.minutesSaved : tagged };
    };
    return {
      week: batch.week,
      weeksSinceTraining: t,
      reporting: batch.reporting,
      active: batch.active,
      activeInWeeks1to4: inRetention ? batch.retentionEligible : batch.activeInWeeks1to4,
      activeInWeeks1to4Active: inRetention ? batch.retentionActive : 0,
      bands: batch.bands.map((band) => band.personWeeks),
      minutesSaved: {
        value: batch.minutesSaved,
        people: batch.minutesSaved > 0 ? (exact?.minutesSaved ?? mostTagged) : 0,
      },
      tags: { value: tagCount, people: tagCount > 0 ? (exact?.tags ?? mostTagged) : 0 },
      toolMinutes: { value: toolMinutes, people: toolMinutes > 0 ? (exact?.toolMinutes ?? batch.active) : 0 },
      toolVisits: { value: toolVisits, people: toolVisits > 0 ? (exact?.visits ?? batch.active) : 0 },
      tools: batch.tools
        .filter((tool) => tool.people > 0)
        .map((tool) => {
          const people = ofTool(tool.toolId, tool.people);
          return {
            toolId: tool.toolId,
            minutes: { value: tool.activeMinutes, people: tool.activeMinutes > 0 ? people.minutes : 0 },
            visits: { value: tool.visits, people: tool.visits > 0 ? people.visits : 0 },
          };
        }),
      tasks: batch.tasks
        .filter((task) => task.people > 0)
        .map((task) => {
          const people = ofTask(task.category, task.people);
          return {
            category: task.category,
            minutesSaved: { value: task.minutesSaved, people: task.minutesSaved > 0 ? people.minutesSaved : 0 },
            tags: { value: task.tags, people: task.tags > 0 ? people.tags : 0 },
          };
        }),
    };
  });
}

/**
 * Central noise can push a count of people above the batch's exact `reporting` (never below 0: the
 * decoding shows negative sums as 0); no count of people is shown above the people there are.
 */
function withinReporting(batch: SharedTotals): SharedTotals {
  const cap = (n: number) => Math.min(n, batch.reporting);
  return {
    ...batch,
    active: cap(batch.active),
    activeInWeeks1to4: cap(batch.activeInWeeks1to4),
    retentionEligible: cap(batch.retentionEligible),
    retentionActive: Math.min(batch.retentionActive, cap(batch.retentionEligible), cap(batch.active)),
    tools: batch.tools.map((tool) => ({ ...tool, people: cap(tool.people) })),
    tasks: batch.tasks.map((task) => ({ ...task, people: cap(task.people) })),
    bands: batch.bands.map((band) => ({ ...band, personWeeks: cap(band.personWeeks) })),
    ...(batch.people
      ? {
          people: {
            visits: cap(batch.people.visits),
            toolMinutes: cap(batch.people.toolMinutes),
            tags: cap(batch.people.tags),
            minutesSaved: cap(batch.people.minutesSaved),
            tools: batch.people.tools.map((tool) => ({
              ...tool,
              visits: cap(tool.visits),
              minutes: cap(tool.minutes),
            })),
            tasks: batch.people.tasks.map((task) => ({
              ...task,
              tags: cap(task.tags),
              minutesSaved: cap(task.minutesSaved),
            })),
          },
        }
      : {}),
  };
}

/** Whole weeks since the training date's week, as the team report builder counts them; null without a date. */
export function weeksSinceTrainingFor(trainingDate: string | null): (week: IsoWeek) => number | null {
  if (!trainingDate || !isLocalDate(trainingDate)) return () => null;
  const trainingWeek = isoWeekOfLocalDate(trainingDate);
  return (week) => weeksBetween(trainingWeek, week);
}
