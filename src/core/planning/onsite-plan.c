/* onsite-plan.c
 *
 * Copyright 2026 The Onsite Authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "onsite-plan"

#include "config.h"

#include <math.h>
#include <glib/gi18n-lib.h>

#include "onsite-plan-private.h"

/*
 * The problem and the plan are plain data: the planner copies what it needs
 * into flat arrays, and the checker below recomputes every time and load
 * from scratch so that it never trusts the search engine.
 */

G_DEFINE_QUARK (onsite-plan-error-quark, onsite_plan_error)

G_DEFINE_BOXED_TYPE (OnsitePlanProblem, onsite_plan_problem,
                     onsite_plan_problem_ref, onsite_plan_problem_unref)
G_DEFINE_BOXED_TYPE (OnsitePlanSolution, onsite_plan_solution,
                     onsite_plan_solution_ref, onsite_plan_solution_unref)

const char *
onsite_plan_unassigned_reason_to_string (OnsitePlanUnassignedReason reason)
{
  switch (reason)
    {
    case ONSITE_PLAN_UNASSIGNED_NO_SKILLED_TECHNICIAN:
      return "no-skilled-technician";
    case ONSITE_PLAN_UNASSIGNED_WINDOW_IMPOSSIBLE:
      return "window-impossible";
    case ONSITE_PLAN_UNASSIGNED_CAPACITY:
      return "capacity";
    case ONSITE_PLAN_UNASSIGNED_NO_ROOM:
      return "no-room";
    default:
      g_return_val_if_reached (NULL);
    }
}

/**
 * onsite_plan_visit_init:
 * @visit: a visit to fill with defaults
 *
 * Sets an open window, no SLA, no skills, priority 3, no pin.
 */
void
onsite_plan_visit_init (OnsitePlanVisit *visit)
{
  g_return_if_fail (visit != NULL);

  memset (visit, 0, sizeof *visit);
  visit->window_start = -INFINITY;
  visit->window_end = INFINITY;
  visit->due = INFINITY;
  visit->priority = 3;
  visit->pinned_technician = -1;
  visit->pinned_time = NAN;
}

/**
 * onsite_plan_technician_init:
 * @technician: a technician to fill with defaults
 *
 * Sets an unlimited shift and capacity and no skills.
 */
void
onsite_plan_technician_init (OnsitePlanTechnician *technician)
{
  g_return_if_fail (technician != NULL);

  memset (technician, 0, sizeof *technician);
  technician->shift_start = 0;
  technician->shift_end = INFINITY;
  technician->capacity = INFINITY;
}

/* Problem */

/**
 * onsite_plan_problem_new:
 * @n_locations: the number of distinct places (sites, homes, depots)
 *
 * Creates an empty problem whose travel times are all zero until
 * onsite_plan_problem_set_travel_matrix() or _set_travel_func() is called.
 *
 * Returns: (transfer full): a new problem
 */
OnsitePlanProblem *
onsite_plan_problem_new (guint n_locations)
{
  OnsitePlanProblem *self;

  g_return_val_if_fail (n_locations > 0, NULL);

  self = g_new0 (OnsitePlanProblem, 1);
  g_atomic_ref_count_init (&self->ref_count);
  self->n_locations = n_locations;
  self->matrix = g_new0 (double, (gsize) n_locations * n_locations);
  self->visits = g_array_new (FALSE, FALSE, sizeof (OnsitePlanVisit));
  self->technicians = g_array_new (FALSE, FALSE, sizeof (OnsitePlanTechnician));
  self->skill_names = g_ptr_array_new_with_free_func (g_free);

  return self;
}

OnsitePlanProblem *
onsite_plan_problem_ref (OnsitePlanProblem *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  g_atomic_ref_count_inc (&self->ref_count);
  return self;
}

void
onsite_plan_problem_unref (OnsitePlanProblem *self)
{
  g_return_if_fail (self != NULL);

  if (g_atomic_ref_count_dec (&self->ref_count))
    {
      g_free (self->matrix);
      g_array_unref (self->visits);
      g_array_unref (self->technicians);
      g_ptr_array_unref (self->skill_names);
      g_free (self);
    }
}

guint
onsite_plan_problem_get_n_locations (OnsitePlanProblem *self)
{
  g_return_val_if_fail (self != NULL, 0);

  return self->n_locations;
}

/**
 * onsite_plan_problem_set_travel_matrix:
 * @self: a problem
 * @matrix: (array): n_locations × n_locations travel times, row = origin
 *
 * Copies @matrix.
 */
void
onsite_plan_problem_set_travel_matrix (OnsitePlanProblem *self,
                                       const double      *matrix)
{
  g_return_if_fail (self != NULL);
  g_return_if_fail (matrix != NULL);

  memcpy (self->matrix, matrix, sizeof (double) * self->n_locations * self->n_locations);
}

/**
 * onsite_plan_problem_set_travel_func:
 * @self: a problem
 * @func: (scope call): returns the travel time between two locations
 * @user_data: data for @func
 *
 * Asks @func for every pair of locations now, in the calling thread, so the
 * planner never calls back into the caller's code from its worker thread.
 */
void
onsite_plan_problem_set_travel_func (OnsitePlanProblem    *self,
                                     OnsitePlanTravelFunc  func,
                                     gpointer              user_data)
{
  g_return_if_fail (self != NULL);
  g_return_if_fail (func != NULL);

  for (guint i = 0; i < self->n_locations; i++)
    for (guint j = 0; j < self->n_locations; j++)
      self->matrix[(gsize) i * self->n_locations + j] = i == j ? 0 : func (i, j, user_data);
}

double
onsite_plan_problem_get_travel (OnsitePlanProblem *self,
                                guint              from,
                                guint              to)
{
  g_return_val_if_fail (self != NULL, 0);
  g_return_val_if_fail (from < self->n_locations && to < self->n_locations, 0);

  return _onsite_plan_travel (self, from, to);
}

/**
 * onsite_plan_problem_skill_bit:
 * @self: a problem
 * @skill: a skill name, such as "electrical"
 *
 * Maps a skill name to its bit, allocating one the first time a name is
 * seen. A problem knows at most 64 skills; beyond that 0 is returned with a
 * critical warning.
 *
 * Returns: the bit for @skill
 */
guint64
onsite_plan_problem_skill_bit (OnsitePlanProblem *self,
                               const char        *skill)
{
  g_return_val_if_fail (self != NULL, 0);
  g_return_val_if_fail (skill != NULL, 0);

  for (guint i = 0; i < self->skill_names->len; i++)
    if (g_str_equal (g_ptr_array_index (self->skill_names, i), skill))
      return G_GUINT64_CONSTANT (1) << i;

  g_return_val_if_fail (self->skill_names->len < 64, 0);

  g_ptr_array_add (self->skill_names, g_strdup (skill));
  return G_GUINT64_CONSTANT (1) << (self->skill_names->len - 1);
}

guint
onsite_plan_problem_add_visit (OnsitePlanProblem     *self,
                               const OnsitePlanVisit *visit)
{
  g_return_val_if_fail (self != NULL, 0);
  g_return_val_if_fail (visit != NULL, 0);

  g_array_append_vals (self->visits, visit, 1);
  return self->visits->len - 1;
}

guint
onsite_plan_problem_add_technician (OnsitePlanProblem          *self,
                                    const OnsitePlanTechnician *technician)
{
  g_return_val_if_fail (self != NULL, 0);
  g_return_val_if_fail (technician != NULL, 0);

  g_array_append_vals (self->technicians, technician, 1);
  return self->technicians->len - 1;
}

guint
onsite_plan_problem_get_n_visits (OnsitePlanProblem *self)
{
  g_return_val_if_fail (self != NULL, 0);

  return self->visits->len;
}

guint
onsite_plan_problem_get_n_technicians (OnsitePlanProblem *self)
{
  g_return_val_if_fail (self != NULL, 0);

  return self->technicians->len;
}

const OnsitePlanVisit *
onsite_plan_problem_get_visit (OnsitePlanProblem *self,
                               guint              index)
{
  g_return_val_if_fail (self != NULL, NULL);
  g_return_val_if_fail (index < self->visits->len, NULL);

  return &g_array_index (self->visits, OnsitePlanVisit, index);
}

const OnsitePlanTechnician *
onsite_plan_problem_get_technician (OnsitePlanProblem *self,
                                    guint              index)
{
  g_return_val_if_fail (self != NULL, NULL);
  g_return_val_if_fail (index < self->technicians->len, NULL);

  return &g_array_index (self->technicians, OnsitePlanTechnician, index);
}

/**
 * onsite_plan_problem_validate:
 * @self: a problem
 * @error: return location for an #OnsitePlanError
 *
 * Checks that every index is in range and every number makes sense.
 *
 * Returns: %TRUE if the problem can be planned
 */
gboolean
onsite_plan_problem_validate (OnsitePlanProblem  *self,
                              GError            **error)
{
  g_return_val_if_fail (self != NULL, FALSE);

  for (guint i = 0; i < self->visits->len; i++)
    {
      const OnsitePlanVisit *v = &g_array_index (self->visits, OnsitePlanVisit, i);

      if (v->location >= self->n_locations)
        return g_set_error (error, ONSITE_PLAN_ERROR, ONSITE_PLAN_ERROR_INVALID,
                            _("Visit %u is at an unknown place."), i), FALSE;
      if (!(v->duration >= 0) || !(v->demand >= 0))
        return g_set_error (error, ONSITE_PLAN_ERROR, ONSITE_PLAN_ERROR_INVALID,
                            _("Visit %u has a negative duration or demand."), i), FALSE;
      if (!(v->window_start <= v->window_end))
        return g_set_error (error, ONSITE_PLAN_ERROR, ONSITE_PLAN_ERROR_INVALID,
                            _("Visit %u has a window that ends before it starts."), i), FALSE;
      if (v->pinned_technician >= (int) self->technicians->len)
        return g_set_error (error, ONSITE_PLAN_ERROR, ONSITE_PLAN_ERROR_INVALID,
                            _("Visit %u is pinned to an unknown technician."), i), FALSE;
      if (v->in_progress && v->pinned_technician < 0)
        return g_set_error (error, ONSITE_PLAN_ERROR, ONSITE_PLAN_ERROR_INVALID,
                            _("Visit %u is in progress but nobody is on it."), i), FALSE;
    }

  for (guint i = 0; i < self->technicians->len; i++)
    {
      const OnsitePlanTechnician *t = &g_array_index (self->technicians, OnsitePlanTechnician, i);

      if (t->start_location >= self->n_locations || t->end_location >= self->n_locations)
        return g_set_error (error, ONSITE_PLAN_ERROR, ONSITE_PLAN_ERROR_INVALID,
                            _("Technician %u starts or ends at an unknown place."), i), FALSE;
      if (!(t->shift_start <= t->shift_end) || !(t->capacity >= 0))
        return g_set_error (error, ONSITE_PLAN_ERROR, ONSITE_PLAN_ERROR_INVALID,
                            _("Technician %u has an impossible shift or capacity."), i), FALSE;
    }

  for (gsize i = 0; i < (gsize) self->n_locations * self->n_locations; i++)
    if (!(self->matrix[i] >= 0) || isinf (self->matrix[i]))
      return g_set_error (error, ONSITE_PLAN_ERROR, ONSITE_PLAN_ERROR_INVALID,
                          _("A travel time is negative or missing.")), FALSE;

  return TRUE;
}

gboolean
_onsite_plan_technician_allowed (OnsitePlanProblem *problem,
                                 guint              visit,
                                 guint              technician)
{
  const OnsitePlanVisit *v = &g_array_index (problem->visits, OnsitePlanVisit, visit);
  const OnsitePlanTechnician *t = &g_array_index (problem->technicians, OnsitePlanTechnician, technician);

  if (v->pinned_technician >= 0 && (guint) v->pinned_technician != technician)
    return FALSE;

  return (v->skills & ~t->skills) == 0;
}

static inline double
visit_earliest (const OnsitePlanVisit *v)
{
  return isnan (v->pinned_time) ? v->window_start : v->pinned_time;
}

static inline double
visit_latest (const OnsitePlanVisit *v)
{
  return isnan (v->pinned_time) ? v->window_end : v->pinned_time;
}

/* Why a visit could not be planned: the first rule that rules out every
 * technician, tried on the visit alone. */
OnsitePlanUnassignedReason
_onsite_plan_problem_explain (OnsitePlanProblem *problem,
                              guint              visit)
{
  const OnsitePlanVisit *v = &g_array_index (problem->visits, OnsitePlanVisit, visit);
  gboolean skilled = FALSE;
  gboolean in_time = FALSE;

  for (guint k = 0; k < problem->technicians->len; k++)
    {
      const OnsitePlanTechnician *t = &g_array_index (problem->technicians, OnsitePlanTechnician, k);
      double arrival, start, back;

      if (!_onsite_plan_technician_allowed (problem, visit, k))
        continue;
      skilled = TRUE;

      arrival = t->shift_start + _onsite_plan_travel (problem, t->start_location, v->location);
      start = MAX (arrival, visit_earliest (v));
      back = start + v->duration + _onsite_plan_travel (problem, v->location, t->end_location);
      if (start > visit_latest (v) + _ONSITE_PLAN_EPSILON || back > t->shift_end + _ONSITE_PLAN_EPSILON)
        continue;
      in_time = TRUE;

      if (v->demand <= t->capacity + _ONSITE_PLAN_EPSILON)
        return ONSITE_PLAN_UNASSIGNED_NO_ROOM;
    }

  if (!skilled)
    return ONSITE_PLAN_UNASSIGNED_NO_SKILLED_TECHNICIAN;
  if (!in_time)
    return ONSITE_PLAN_UNASSIGNED_WINDOW_IMPOSSIBLE;
  return ONSITE_PLAN_UNASSIGNED_CAPACITY;
}

/* Solution */

static void
clear_route (gpointer data)
{
  OnsitePlanRoute *route = data;

  g_clear_pointer (&route->stops, g_array_unref);
}

/**
 * onsite_plan_solution_new:
 * @problem: the problem this plan answers
 *
 * Creates a plan where every technician has an empty route and every visit
 * is unassigned. Fill it with onsite_plan_solution_set_route() to hand the
 * current plan to the planner for re-planning.
 *
 * Returns: (transfer full): a new plan
 */
OnsitePlanSolution *
onsite_plan_solution_new (OnsitePlanProblem *problem)
{
  OnsitePlanSolution *self;

  g_return_val_if_fail (problem != NULL, NULL);

  self = g_new0 (OnsitePlanSolution, 1);
  g_atomic_ref_count_init (&self->ref_count);
  self->problem = onsite_plan_problem_ref (problem);
  self->routes = g_array_new (FALSE, TRUE, sizeof (OnsitePlanRoute));
  g_array_set_clear_func (self->routes, clear_route);
  g_array_set_size (self->routes, problem->technicians->len);
  for (guint k = 0; k < self->routes->len; k++)
    {
      OnsitePlanRoute *route = &g_array_index (self->routes, OnsitePlanRoute, k);

      route->technician = k;
      route->stops = g_array_new (FALSE, FALSE, sizeof (OnsitePlanStop));
    }
  self->unassigned = g_array_new (FALSE, FALSE, sizeof (_OnsitePlanUnassigned));

  return self;
}

OnsitePlanSolution *
onsite_plan_solution_ref (OnsitePlanSolution *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  g_atomic_ref_count_inc (&self->ref_count);
  return self;
}

void
onsite_plan_solution_unref (OnsitePlanSolution *self)
{
  g_return_if_fail (self != NULL);

  if (g_atomic_ref_count_dec (&self->ref_count))
    {
      g_array_unref (self->routes);
      g_array_unref (self->unassigned);
      onsite_plan_problem_unref (self->problem);
      g_free (self);
    }
}

OnsitePlanProblem *
onsite_plan_solution_get_problem (OnsitePlanSolution *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  return self->problem;
}

/* Starts every visit as early as possible: for a fixed order that is also
 * what makes SLA breaches fewest. */
static void
schedule_route (OnsitePlanProblem *problem,
                OnsitePlanRoute   *route)
{
  const OnsitePlanTechnician *t = &g_array_index (problem->technicians, OnsitePlanTechnician, route->technician);
  guint here = t->start_location;
  double clock = t->shift_start;

  route->departure = t->shift_start;
  route->travel = 0;
  route->load = 0;

  for (guint i = 0; i < route->stops->len; i++)
    {
      OnsitePlanStop *stop = &g_array_index (route->stops, OnsitePlanStop, i);
      const OnsitePlanVisit *v = &g_array_index (problem->visits, OnsitePlanVisit, stop->visit);
      double leg = _onsite_plan_travel (problem, here, v->location);

      route->travel += leg;
      route->load += v->demand;
      stop->arrival = clock + leg;
      stop->start = MAX (stop->arrival, visit_earliest (v));
      stop->departure = stop->start + v->duration;
      stop->late = stop->start > v->due + _ONSITE_PLAN_EPSILON;
      clock = stop->departure;
      here = v->location;
    }

  route->travel += _onsite_plan_travel (problem, here, t->end_location);
  route->return_time = clock + _onsite_plan_travel (problem, here, t->end_location);
}

/**
 * onsite_plan_solution_set_route:
 * @self: a plan
 * @technician: index of a technician
 * @visits: (array length=n_visits): visit indices in visiting order
 * @n_visits: length of @visits
 * @error: return location for an #OnsitePlanError
 *
 * Replaces the technician's route and computes its times. Nothing is
 * checked beyond the indices: call onsite_plan_solution_check() when done.
 *
 * Returns: %TRUE if every index exists
 */
gboolean
onsite_plan_solution_set_route (OnsitePlanSolution  *self,
                                guint                technician,
                                const guint         *visits,
                                guint                n_visits,
                                GError             **error)
{
  OnsitePlanRoute *route;

  g_return_val_if_fail (self != NULL, FALSE);
  g_return_val_if_fail (visits != NULL || n_visits == 0, FALSE);

  if (technician >= self->routes->len)
    return g_set_error (error, ONSITE_PLAN_ERROR, ONSITE_PLAN_ERROR_INVALID,
                        _("There is no technician %u."), technician), FALSE;

  for (guint i = 0; i < n_visits; i++)
    if (visits[i] >= self->problem->visits->len)
      return g_set_error (error, ONSITE_PLAN_ERROR, ONSITE_PLAN_ERROR_INVALID,
                          _("There is no visit %u."), visits[i]), FALSE;

  route = &g_array_index (self->routes, OnsitePlanRoute, technician);
  g_array_set_size (route->stops, n_visits);
  for (guint i = 0; i < n_visits; i++)
    {
      OnsitePlanStop *stop = &g_array_index (route->stops, OnsitePlanStop, i);

      memset (stop, 0, sizeof *stop);
      stop->visit = visits[i];
    }
  schedule_route (self->problem, route);

  return TRUE;
}

/**
 * onsite_plan_solution_check:
 * @self: a plan
 * @error: return location for an #OnsitePlanError
 *
 * Checks the plan against every rule of its problem from scratch: each
 * visit at most once, skills and pins, in-progress visits first, windows,
 * shifts and capacity. Recomputes the totals and lists the unassigned
 * visits with their reasons.
 *
 * Returns: %TRUE if the plan is feasible
 */
gboolean
onsite_plan_solution_check (OnsitePlanSolution  *self,
                            GError             **error)
{
  OnsitePlanProblem *problem;
  g_autofree guint *seen = NULL;

  g_return_val_if_fail (self != NULL, FALSE);

  problem = self->problem;
  seen = g_new0 (guint, problem->visits->len);
  self->n_served = 0;
  self->n_breaches = 0;
  self->lateness = 0;
  self->travel = 0;
  self->cost = 0;
  g_array_set_size (self->unassigned, 0);

  for (guint k = 0; k < self->routes->len; k++)
    {
      OnsitePlanRoute *route = &g_array_index (self->routes, OnsitePlanRoute, k);
      const OnsitePlanTechnician *t = &g_array_index (problem->technicians, OnsitePlanTechnician, k);

      schedule_route (problem, route);

      for (guint i = 0; i < route->stops->len; i++)
        {
          const OnsitePlanStop *stop = &g_array_index (route->stops, OnsitePlanStop, i);
          const OnsitePlanVisit *v = &g_array_index (problem->visits, OnsitePlanVisit, stop->visit);

          if (seen[stop->visit]++)
            return g_set_error (error, ONSITE_PLAN_ERROR, ONSITE_PLAN_ERROR_INFEASIBLE,
                                _("Visit %u is planned more than once."), stop->visit), FALSE;
          if (!_onsite_plan_technician_allowed (problem, stop->visit, k))
            return g_set_error (error, ONSITE_PLAN_ERROR, ONSITE_PLAN_ERROR_INFEASIBLE,
                                _("Visit %u is given to technician %u, who lacks a skill or is not the pinned one."),
                                stop->visit, k), FALSE;
          if (v->in_progress)
            for (guint j = 0; j < i; j++)
              if (!g_array_index (problem->visits, OnsitePlanVisit,
                                  g_array_index (route->stops, OnsitePlanStop, j).visit).in_progress)
                return g_set_error (error, ONSITE_PLAN_ERROR, ONSITE_PLAN_ERROR_INFEASIBLE,
                                    _("Visit %u is in progress but is not first on its route."),
                                    stop->visit), FALSE;
          if (stop->start < visit_earliest (v) - _ONSITE_PLAN_EPSILON ||
              stop->start > visit_latest (v) + _ONSITE_PLAN_EPSILON)
            return g_set_error (error, ONSITE_PLAN_ERROR, ONSITE_PLAN_ERROR_INFEASIBLE,
                                _("Visit %u would start at %g, outside its window [%g, %g]."),
                                stop->visit, stop->start, visit_earliest (v), visit_latest (v)), FALSE;

          self->n_served++;
          if (stop->late)
            {
              self->n_breaches++;
              self->lateness += stop->start - v->due;
            }
        }

      if (route->return_time > t->shift_end + _ONSITE_PLAN_EPSILON)
        return g_set_error (error, ONSITE_PLAN_ERROR, ONSITE_PLAN_ERROR_INFEASIBLE,
                            _("Technician %u would be back at %g, after the end of the shift at %g."),
                            k, route->return_time, t->shift_end), FALSE;
      if (route->load > t->capacity + _ONSITE_PLAN_EPSILON)
        return g_set_error (error, ONSITE_PLAN_ERROR, ONSITE_PLAN_ERROR_INFEASIBLE,
                            _("Technician %u would carry %g, more than the capacity of %g."),
                            k, route->load, t->capacity), FALSE;

      self->travel += route->travel;
    }

  for (guint i = 0; i < problem->visits->len; i++)
    if (!seen[i])
      {
        const OnsitePlanVisit *v = &g_array_index (problem->visits, OnsitePlanVisit, i);
        _OnsitePlanUnassigned u = { i, _onsite_plan_problem_explain (problem, i) };

        g_array_append_val (self->unassigned, u);
        self->cost += _ONSITE_PLAN_W_UNASSIGNED * _onsite_plan_priority_weight (v->priority);
      }

  self->cost += _ONSITE_PLAN_W_BREACH * self->n_breaches + self->lateness + self->travel;

  return TRUE;
}

guint
onsite_plan_solution_get_n_routes (OnsitePlanSolution *self)
{
  g_return_val_if_fail (self != NULL, 0);

  return self->routes->len;
}

const OnsitePlanRoute *
onsite_plan_solution_get_route (OnsitePlanSolution *self,
                                guint               technician)
{
  g_return_val_if_fail (self != NULL, NULL);
  g_return_val_if_fail (technician < self->routes->len, NULL);

  return &g_array_index (self->routes, OnsitePlanRoute, technician);
}

/**
 * onsite_plan_solution_get_n_used_routes:
 * @self: a plan
 *
 * Returns: the number of technicians with at least one visit
 */
guint
onsite_plan_solution_get_n_used_routes (OnsitePlanSolution *self)
{
  guint n = 0;

  g_return_val_if_fail (self != NULL, 0);

  for (guint k = 0; k < self->routes->len; k++)
    if (g_array_index (self->routes, OnsitePlanRoute, k).stops->len > 0)
      n++;

  return n;
}

guint
onsite_plan_solution_get_n_unassigned (OnsitePlanSolution *self)
{
  g_return_val_if_fail (self != NULL, 0);

  return self->unassigned->len;
}

/**
 * onsite_plan_solution_get_unassigned:
 * @self: a checked plan
 * @index: index in the list of unassigned visits
 * @reason: (out) (optional): why the visit is left out
 *
 * Returns: the visit index
 */
guint
onsite_plan_solution_get_unassigned (OnsitePlanSolution         *self,
                                     guint                       index,
                                     OnsitePlanUnassignedReason *reason)
{
  const _OnsitePlanUnassigned *u;

  g_return_val_if_fail (self != NULL, 0);
  g_return_val_if_fail (index < self->unassigned->len, 0);

  u = &g_array_index (self->unassigned, _OnsitePlanUnassigned, index);
  if (reason)
    *reason = u->reason;

  return u->visit;
}

/**
 * onsite_plan_solution_find_visit:
 * @self: a plan
 * @visit: a visit index
 * @position: (out) (optional): the position on the route
 *
 * Returns: the technician serving @visit, or -1 if it is unassigned
 */
int
onsite_plan_solution_find_visit (OnsitePlanSolution *self,
                                 guint               visit,
                                 guint              *position)
{
  g_return_val_if_fail (self != NULL, -1);

  for (guint k = 0; k < self->routes->len; k++)
    {
      const OnsitePlanRoute *route = &g_array_index (self->routes, OnsitePlanRoute, k);

      for (guint i = 0; i < route->stops->len; i++)
        if (g_array_index (route->stops, OnsitePlanStop, i).visit == visit)
          {
            if (position)
              *position = i;
            return k;
          }
    }

  return -1;
}

guint
onsite_plan_solution_get_n_served (OnsitePlanSolution *self)
{
  g_return_val_if_fail (self != NULL, 0);

  return self->n_served;
}

guint
onsite_plan_solution_get_n_breaches (OnsitePlanSolution *self)
{
  g_return_val_if_fail (self != NULL, 0);

  return self->n_breaches;
}

double
onsite_plan_solution_get_lateness (OnsitePlanSolution *self)
{
  g_return_val_if_fail (self != NULL, 0);

  return self->lateness;
}

double
onsite_plan_solution_get_travel (OnsitePlanSolution *self)
{
  g_return_val_if_fail (self != NULL, 0);

  return self->travel;
}

/**
 * onsite_plan_solution_get_cost:
 * @self: a checked plan
 *
 * The single number the planner minimises: lost visits weighted by
 * priority dominate, then SLA breaches, then lateness plus travel.
 *
 * Returns: the cost
 */
double
onsite_plan_solution_get_cost (OnsitePlanSolution *self)
{
  g_return_val_if_fail (self != NULL, 0);

  return self->cost;
}
