/* onsite-planner.c
 *
 * Copyright 2026 The Onsite Authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "onsite-planner"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "onsite-plan-private.h"
#include "onsite-planner.h"

/*
 * OnsitePlanner runs the search engine once, in the calling thread
 * (onsite_planner_solve(), for the command line) or in a worker thread
 * (onsite_planner_solve_async(), for the window). While it runs, the best
 * plan so far can be copied from any thread with onsite_planner_dup_best(),
 * and ::progress is emitted in the thread that started it.
 */

struct _OnsitePlanner
{
  GObject             parent_instance;

  OnsitePlanProblem  *problem;
  OnsitePlanSolution *initial;
  double              time_limit;
  guint64             seed;
  guint64             max_iterations;

  GMutex              lock;
  OnsitePlanSolver   *solver;   /* while running, under lock */
  OnsitePlanSolution *result;   /* once done, under lock */
  guint64             iterations;
  GMainContext       *context;  /* where ::progress goes */
  double              last_fraction;
  gboolean            running;
};

G_DEFINE_FINAL_TYPE (OnsitePlanner, onsite_planner, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_TIME_LIMIT,
  PROP_SEED,
  PROP_MAX_ITERATIONS,
  N_PROPS
};

enum {
  PROGRESS,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

typedef struct
{
  OnsitePlanner *self;
  double         fraction;
  gboolean       improved;
} ProgressEvent;

static void
progress_event_free (gpointer data)
{
  ProgressEvent *event = data;

  g_object_unref (event->self);
  g_free (event);
}

static gboolean
emit_progress (gpointer data)
{
  ProgressEvent *event = data;

  g_signal_emit (event->self, signals[PROGRESS], 0, event->fraction, event->improved);
  return G_SOURCE_REMOVE;
}

static void
solver_progress (OnsitePlanSolver *solver,
                 double            fraction,
                 gboolean          improved,
                 gpointer          user_data)
{
  OnsitePlanner *self = user_data;
  ProgressEvent *event;

  /* at most a hundred reports a run, plus every improvement */
  if (!improved && fraction < 1.0 && fraction - self->last_fraction < 0.01)
    return;
  self->last_fraction = fraction;

  event = g_new0 (ProgressEvent, 1);
  event->self = g_object_ref (self);
  event->fraction = fraction;
  event->improved = improved;

  if (self->context != NULL)
    g_main_context_invoke_full (self->context, G_PRIORITY_DEFAULT, emit_progress,
                                event, progress_event_free);
  else
    {
      emit_progress (event);
      progress_event_free (event);
    }
}

static OnsitePlanSolution *
planner_run (OnsitePlanner  *self,
             GCancellable   *cancellable,
             GError        **error)
{
  g_autoptr(OnsitePlanSolver) solver = NULL;
  g_autoptr(OnsitePlanSolution) result = NULL;
  gint64 begin = g_get_monotonic_time ();
  double remaining;

  if (!onsite_plan_problem_validate (self->problem, error))
    return NULL;

  solver = _onsite_plan_solver_new (self->problem, self->seed);
  if (self->initial != NULL && !_onsite_plan_solver_load (solver, self->initial, error))
    return NULL;

  g_mutex_lock (&self->lock);
  self->solver = solver;
  g_mutex_unlock (&self->lock);

  _onsite_plan_solver_construct (solver);
  _onsite_plan_solver_local_search (solver, _ONSITE_PLAN_MOVE_ALL);
  /* the time limit covers the whole call, construction included */
  remaining = self->time_limit - (g_get_monotonic_time () - begin) / (double) G_USEC_PER_SEC;
  if (self->time_limit > 0)
    remaining = MAX (remaining, 1e-3);
  _onsite_plan_solver_run (solver, remaining, self->max_iterations,
                           cancellable, solver_progress, self);

  result = _onsite_plan_solver_export (solver);

  g_mutex_lock (&self->lock);
  self->solver = NULL;
  self->iterations = _onsite_plan_solver_get_iterations (solver);
  g_clear_pointer (&self->result, onsite_plan_solution_unref);
  self->result = onsite_plan_solution_ref (result);
  g_mutex_unlock (&self->lock);

  if (g_cancellable_set_error_if_cancelled (cancellable, error))
    return NULL;

  return g_steal_pointer (&result);
}

static void
onsite_planner_finalize (GObject *object)
{
  OnsitePlanner *self = (OnsitePlanner *)object;

  g_clear_pointer (&self->problem, onsite_plan_problem_unref);
  g_clear_pointer (&self->initial, onsite_plan_solution_unref);
  g_clear_pointer (&self->result, onsite_plan_solution_unref);
  g_clear_pointer (&self->context, g_main_context_unref);
  g_mutex_clear (&self->lock);

  G_OBJECT_CLASS (onsite_planner_parent_class)->finalize (object);
}

static void
onsite_planner_get_property (GObject    *object,
                             guint       prop_id,
                             GValue     *value,
                             GParamSpec *pspec)
{
  OnsitePlanner *self = ONSITE_PLANNER (object);

  switch (prop_id)
    {
    case PROP_TIME_LIMIT:
      g_value_set_double (value, self->time_limit);
      break;
    case PROP_SEED:
      g_value_set_uint64 (value, self->seed);
      break;
    case PROP_MAX_ITERATIONS:
      g_value_set_uint64 (value, self->max_iterations);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
onsite_planner_set_property (GObject      *object,
                             guint         prop_id,
                             const GValue *value,
                             GParamSpec   *pspec)
{
  OnsitePlanner *self = ONSITE_PLANNER (object);

  switch (prop_id)
    {
    case PROP_TIME_LIMIT:
      onsite_planner_set_time_limit (self, g_value_get_double (value));
      break;
    case PROP_SEED:
      onsite_planner_set_seed (self, g_value_get_uint64 (value));
      break;
    case PROP_MAX_ITERATIONS:
      onsite_planner_set_max_iterations (self, g_value_get_uint64 (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
onsite_planner_class_init (OnsitePlannerClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = onsite_planner_finalize;
  object_class->get_property = onsite_planner_get_property;
  object_class->set_property = onsite_planner_set_property;

  /**
   * OnsitePlanner:time-limit:
   *
   * Seconds for the whole search, the first plan included; 0 for no limit (then
   * #OnsitePlanner:max-iterations must be set, or a short default applies).
   */
  properties[PROP_TIME_LIMIT] =
    g_param_spec_double ("time-limit", NULL, NULL,
                         0, G_MAXDOUBLE, 1.0,
                         (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  /**
   * OnsitePlanner:seed:
   *
   * The seed of every random choice: the same seed, problem and iteration
   * limit give the same plan.
   */
  properties[PROP_SEED] =
    g_param_spec_uint64 ("seed", NULL, NULL,
                         0, G_MAXUINT64, 1,
                         (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  /**
   * OnsitePlanner:max-iterations:
   *
   * Stop after this many ruin-and-recreate rounds; 0 for no limit.
   */
  properties[PROP_MAX_ITERATIONS] =
    g_param_spec_uint64 ("max-iterations", NULL, NULL,
                         0, G_MAXUINT64, 0,
                         (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  g_object_class_install_properties (object_class, N_PROPS, properties);

  /**
   * OnsitePlanner::progress:
   * @self: the planner
   * @fraction: the part of the budget used, 0 to 1
   * @improved: whether the best plan improved since the last report
   *
   * Emitted in the thread that started the planner.
   */
  signals[PROGRESS] =
    g_signal_new ("progress",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE, 2, G_TYPE_DOUBLE, G_TYPE_BOOLEAN);
}

static void
onsite_planner_init (OnsitePlanner *self)
{
  g_mutex_init (&self->lock);
  self->time_limit = 1.0;
  self->seed = 1;
}

/**
 * onsite_planner_new:
 * @problem: the day to plan; it must not change while the planner runs
 *
 * Returns: (transfer full): a new planner
 */
OnsitePlanner *
onsite_planner_new (OnsitePlanProblem *problem)
{
  OnsitePlanner *self;

  g_return_val_if_fail (problem != NULL, NULL);

  self = g_object_new (ONSITE_TYPE_PLANNER, NULL);
  self->problem = onsite_plan_problem_ref (problem);

  return self;
}

OnsitePlanProblem *
onsite_planner_get_problem (OnsitePlanner *self)
{
  g_return_val_if_fail (ONSITE_IS_PLANNER (self), NULL);

  return self->problem;
}

double
onsite_planner_get_time_limit (OnsitePlanner *self)
{
  g_return_val_if_fail (ONSITE_IS_PLANNER (self), 0);

  return self->time_limit;
}

void
onsite_planner_set_time_limit (OnsitePlanner *self,
                               double         seconds)
{
  g_return_if_fail (ONSITE_IS_PLANNER (self));
  g_return_if_fail (seconds >= 0);

  if (self->time_limit == seconds)
    return;

  self->time_limit = seconds;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_TIME_LIMIT]);
}

guint64
onsite_planner_get_seed (OnsitePlanner *self)
{
  g_return_val_if_fail (ONSITE_IS_PLANNER (self), 0);

  return self->seed;
}

void
onsite_planner_set_seed (OnsitePlanner *self,
                         guint64        seed)
{
  g_return_if_fail (ONSITE_IS_PLANNER (self));

  if (self->seed == seed)
    return;

  self->seed = seed;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SEED]);
}

guint64
onsite_planner_get_max_iterations (OnsitePlanner *self)
{
  g_return_val_if_fail (ONSITE_IS_PLANNER (self), 0);

  return self->max_iterations;
}

void
onsite_planner_set_max_iterations (OnsitePlanner *self,
                                   guint64        max_iterations)
{
  g_return_if_fail (ONSITE_IS_PLANNER (self));

  if (self->max_iterations == max_iterations)
    return;

  self->max_iterations = max_iterations;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_MAX_ITERATIONS]);
}

/**
 * onsite_planner_set_initial:
 * @self: a planner
 * @initial: (nullable): the current plan of the day, for re-planning
 *
 * Re-planning starts from @initial: pinned and in-progress visits stay on
 * their technician (in-progress ones first), the others start where they
 * were and move only if that serves the objective.
 */
void
onsite_planner_set_initial (OnsitePlanner      *self,
                            OnsitePlanSolution *initial)
{
  g_return_if_fail (ONSITE_IS_PLANNER (self));
  g_return_if_fail (initial == NULL || onsite_plan_solution_get_problem (initial) == self->problem);

  g_clear_pointer (&self->initial, onsite_plan_solution_unref);
  if (initial != NULL)
    self->initial = onsite_plan_solution_ref (initial);
}

/**
 * onsite_planner_solve:
 * @self: a planner
 * @cancellable: (nullable): a #GCancellable
 * @error: return location for a #GError
 *
 * Plans in the calling thread until the time or iteration limit. If
 * @cancellable is cancelled the search stops, %G_IO_ERROR_CANCELLED is
 * returned, and the best plan found is still available from
 * onsite_planner_dup_best().
 *
 * Returns: (transfer full): the best plan found, checked
 */
OnsitePlanSolution *
onsite_planner_solve (OnsitePlanner  *self,
                      GCancellable   *cancellable,
                      GError        **error)
{
  g_return_val_if_fail (ONSITE_IS_PLANNER (self), NULL);
  g_return_val_if_fail (!self->running, NULL);

  self->running = TRUE;
  self->last_fraction = 0;
  g_clear_pointer (&self->context, g_main_context_unref);
  {
    OnsitePlanSolution *result = planner_run (self, cancellable, error);

    self->running = FALSE;
    return result;
  }
}

static void
solve_thread (GTask        *task,
              gpointer      source_object,
              gpointer      task_data,
              GCancellable *cancellable)
{
  OnsitePlanner *self = source_object;
  GError *error = NULL;
  OnsitePlanSolution *result;

  result = planner_run (self, cancellable, &error);
  if (result == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, result, (GDestroyNotify) onsite_plan_solution_unref);
}

static void
solve_done (GObject      *object,
            GAsyncResult *result,
            gpointer      user_data)
{
  OnsitePlanner *self = ONSITE_PLANNER (object);
  g_autoptr(GTask) task = user_data;
  GError *error = NULL;
  OnsitePlanSolution *solution;

  self->running = FALSE;
  solution = g_task_propagate_pointer (G_TASK (result), &error);
  if (solution == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, solution, (GDestroyNotify) onsite_plan_solution_unref);
}

/**
 * onsite_planner_solve_async:
 * @self: a planner
 * @cancellable: (nullable): a #GCancellable
 * @callback: called in the thread-default main context when done
 * @user_data: data for @callback
 *
 * Plans in a worker thread; see onsite_planner_solve().
 */
void
onsite_planner_solve_async (OnsitePlanner       *self,
                            GCancellable        *cancellable,
                            GAsyncReadyCallback  callback,
                            gpointer             user_data)
{
  g_autoptr(GTask) outer = NULL;
  g_autoptr(GTask) inner = NULL;

  g_return_if_fail (ONSITE_IS_PLANNER (self));
  g_return_if_fail (!cancellable || G_IS_CANCELLABLE (cancellable));
  g_return_if_fail (!self->running);

  outer = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (outer, onsite_planner_solve_async);

  self->running = TRUE;
  self->last_fraction = 0;
  g_clear_pointer (&self->context, g_main_context_unref);
  self->context = g_main_context_ref_thread_default ();

  /* The inner task runs the thread; the outer one reports once the running
   * flag is cleared, so the callback may start the planner again. */
  inner = g_task_new (self, cancellable, solve_done, g_steal_pointer (&outer));
  g_task_set_source_tag (inner, solve_thread);
  g_task_set_return_on_cancel (inner, FALSE);
  g_task_run_in_thread (inner, solve_thread);
}

/**
 * onsite_planner_solve_finish:
 * @self: a planner
 * @result: the result given to the callback
 * @error: return location for a #GError
 *
 * Returns: (transfer full): the best plan found, or %NULL with @error set
 */
OnsitePlanSolution *
onsite_planner_solve_finish (OnsitePlanner  *self,
                             GAsyncResult   *result,
                             GError        **error)
{
  g_return_val_if_fail (ONSITE_IS_PLANNER (self), NULL);
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == onsite_planner_solve_async, NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

/**
 * onsite_planner_dup_best:
 * @self: a planner
 *
 * Copies the best plan found so far. Safe to call from any thread, also
 * while the planner runs.
 *
 * Returns: (transfer full) (nullable): the best plan, or %NULL if the
 *   planner has not started
 */
OnsitePlanSolution *
onsite_planner_dup_best (OnsitePlanner *self)
{
  OnsitePlanSolution *best = NULL;

  g_return_val_if_fail (ONSITE_IS_PLANNER (self), NULL);

  g_mutex_lock (&self->lock);
  if (self->solver != NULL)
    best = _onsite_plan_solver_dup_best (self->solver);
  else if (self->result != NULL)
    best = onsite_plan_solution_ref (self->result);
  g_mutex_unlock (&self->lock);

  return best;
}

/**
 * onsite_planner_get_iterations:
 * @self: a planner
 *
 * Returns: the ruin-and-recreate rounds of the last finished run
 */
guint64
onsite_planner_get_iterations (OnsitePlanner *self)
{
  g_return_val_if_fail (ONSITE_IS_PLANNER (self), 0);

  return self->iterations;
}
