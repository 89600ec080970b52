import { AGGREGATE_FORMAT, type AggregateFile, type WeeklyRecord } from "../report/aggregate-format";
import { addWeeks, type IsoWeek, isoWeekOf } from "../time/iso-week";
import type { ImportSource } from "./team-database";

/**
 * A made-up team for demos of the dashboard: people who adopt after a training and then either
 * keep using AI, use it less, or drift back to old habits. Deterministic for a seed. Sample data
 * is not secret, so a small seeded generator is enough (and keeps demos reproducible).
 */

/** Team label of the sample team. */
export const SAMPLE_TEAM_LABEL = "Sample team";
/** People in the sample team. */
export const SAMPLE_TEAM_SIZE = 12;
/** Weeks after training the sample covers (weeks 1–16, the last one being the last complete week). */
export const SAMPLE_WEEKS = 16;

/** The sample team: one aggregate file per person, as each would have exported it. */
export interface SampleTeam {
  readonly team: string;
  readonly teamSize: number;
  /** ISO week of the training; week 1 after it is the first week of records. */
  readonly trainingWeek: IsoWeek;
  readonly files: readonly { readonly name: string; readonly file: AggregateFile }[];
}

const TOOLS = ["chatgpt", "claude", "copilot", "gemini", "perplexity"] as const;
const CATEGORIES = [
  "writing",
  "summarizing",
  "research",
  "brainstorming",
  "data-analysis",
  "coding",
  "email",
  "meeting-prep",
  "translation",
] as const;

/** How one sample person's use settles after the first weeks (probability of an active week). */
const PROFILES = [
  { plateau: [0.75, 0.95], count: 4 },
  { plateau: [0.3, 0.55], count: 5 },
  { plateau: [0.05, 0.15], count: 3 },
] as const;

/**
 * Generates the sample team for `seed`, placed so that its last week is the last complete week
 * before the ISO week of `now` (epoch ms). Every file validates as `ai-adoption-meter/aggregate@1`.
 */
export function generateSampleTeam(seed: number, now: number): SampleTeam {
  const random = seededRandom(seed);
  const between = (low: number, high: number) => low + (high - low) * random();
  const whole = (low: number, high: number) => Math.floor(between(low, high + 1));
  const roundTo5 = (minutes: number) => Math.max(5, Math.round(minutes / 5) * 5);

  const trainingWeek = addWeeks(isoWeekOf(now), -(SAMPLE_WEEKS + 1));
  const plateaus = shuffle(
    PROFILES.flatMap(({ plateau, count }) => Array.from({ length: count }, () => between(plateau[0], plateau[1]))),
    random,
  );

  // A team shares a few tools and most of its tasks; with people spread over every tool and task,
  // a team of twelve would show few of them (each held by fewer than k people in any week).
  const teamTasks = shuffle([...CATEGORIES], random).slice(0, 4);
  const teamTools = shuffle([...TOOLS], random).slice(0, 3);
  const files = plateaus.map((plateau, person) => {
    const early = between(0.75, 0.95);
    const favouriteTools = shuffle([...teamTools], random).slice(0, whole(2, 3));
    const ownTask = CATEGORIES.filter((category) => !teamTasks.includes(category))[whole(0, 4)] as string;
    const favouriteTasks = [...shuffle([...teamTasks], random).slice(0, whole(3, 4)), ownTask];
    const activeWeeks = new Set<number>();
    const records: WeeklyRecord[] = [];
    for (let t = 1; t <= SAMPLE_WEEKS; t++) {
      // Enthusiasm right after training fades towards the person's own plateau.
      const active = random() < plateau + (early - plateau) * Math.exp(-(t - 1) / 4);
      if (active) activeWeeks.add(t);
      const reports = random() < 0.9;
      const id = hex64(random);
      if (!reports) continue;
      const tools = active
        ? favouriteTools
            .filter((_, i) => i === 0 || random() < 0.6)
            .map((toolId) => ({ toolId, visits: whole(1, 14), activeMinutes: roundTo5(between(5, 150)) }))
        : [];
      const tasks =
        active && random() < 0.85
          ? favouriteTasks
              .filter((_, i) => i === 0 || random() < 0.7)
              .map((category) => {
                const tags = whole(1, 4);
                return { category, tags, minutesSaved: roundTo5(tags * between(5, 30)) };
              })
          : [];
      records.push({
        id,
        week: addWeeks(trainingWeek, t),
        weeksSinceTraining: t,
        activeDays: active ? whole(1, 5) : 0,
        tools,
        tasks,
        features: {
          active,
          // As on the device: weeks 1–4 up to this record's own week, reported or not.
          activeInWeeks1to4: [1, 2, 3, 4].some((w) => w <= t && activeWeeks.has(w)),
        },
      });
    }
    if (records.length === 0) {
      records.push({
        id: hex64(random),
        week: addWeeks(trainingWeek, SAMPLE_WEEKS),
        weeksSinceTraining: SAMPLE_WEEKS,
        activeDays: 0,
        tools: [],
        tasks: [],
        features: { active: false, activeInWeeks1to4: activeWeeks.size > 0 && Math.min(...activeWeeks) <= 4 },
      });
    }
    const file: AggregateFile = {
      format: AGGREGATE_FORMAT,
      generator: "ai-adoption-meter 0.1.0",
      team: SAMPLE_TEAM_LABEL,
      period: { from: addWeeks(trainingWeek, 1), to: addWeeks(trainingWeek, SAMPLE_WEEKS) },
      rounding: { activeMinutes: 5, minutesSaved: 5 },
      noiseEpsilon: null,
      records,
    };
    return { name: `sample-report-${String(person + 1).padStart(2, "0")}.json`, file };
  });

  return { team: SAMPLE_TEAM_LABEL, teamSize: SAMPLE_TEAM_SIZE, trainingWeek, files };
}

/** The sample team's files as import sources, as if the lead had picked them from disk. */
export function sampleImportSources(sample: SampleTeam): ImportSource[] {
  return sample.files.map(({ name, file }) => {
    const text = JSON.stringify(file, null, 2);
    return { name, sizeBytes: new TextEncoder().encode(text).byteLength, read: async () => text };
  });
}

/** A seeded generator of uniform numbers in [0, 1) (mulberry32): reproducible, not for secrets. */
function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let z = state;
    z = Math.imul(z ^ (z >>> 15), z | 1);
    z ^= z + Math.imul(z ^ (z >>> 7), z | 61);
    return ((z ^ (z >>> 14)) >>> 0) / 4_294_967_296;
  };
}

/** 64 lowercase hex digits from the generator: random-looking record ids. */
function hex64(random: () => number): string {
  let text = "";
  for (let i = 0; i < 8; i++) {
    text += Math.floor(random() * 4_294_967_296)
      .toString(16)
      .padStart(8, "0");
  }
  return text;
}

function shuffle<T>(items: T[], random: () => number): T[] {
  for (let i = items.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [items[i], items[j]] = [items[j] as T, items[i] as T];
  }
  return items;
}
