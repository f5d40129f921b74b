/* onsite-plan-solver.c
 *
 * Copyright 2026 The Onsite Authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "onsite-plan-solver"

#include "config.h"

#include <math.h>
#include <string.h>
#include <glib/gi18n-lib.h>

#include "onsite-plan-private.h"

/*
 * The search engine.
 *
 * Construction is regret-2 insertion. Improvement is SISR (Christiaens and
 * Vanden Berghe, "Slack induction by string removals for vehicle routing
 * problems", Transportation Science 2020): remove a few strings of
 * neighbouring visits from neighbouring routes, put them back greedily with
 * "blinks", and accept the result with a simulated-annealing rule. Each new
 * best plan is polished by a granular local search (relocate, exchange,
 * or-opt, 2-opt, 2-opt*, cross-exchange).
 *
 * Feasibility is checked in constant time for the usual moves with Vidal's
 * time-window segments: every route keeps the summary of each of its
 * prefixes and suffixes (duration, earliest and latest start, time warp), so
 * "prefix + new visit + suffix" is two concatenations.
 *
 * Everything that decides is driven by the seeded generator below; only the
 * moment of stopping depends on the clock. With an iteration limit the run
 * is exactly reproducible.
 *
 * Nodes are numbered visits first (0 … nv-1), then for each technician k
 * its start (nv + 2k) and end (nv + 2k + 1).
 */

#define BIG            1e18
#define EPS            _ONSITE_PLAN_EPSILON
#define N_NEIGHBOURS   100
#define N_LS_NEIGHBOURS 20
#define SISR_AVG_REMOVED 10.0
#define SISR_MAX_STRING  10.0
#define SISR_SPLIT_BETA  0.01
#define SISR_BLINK       0.01

typedef struct
{
  double D;   /* duration, service included */
  double E;   /* earliest arrival at the first node without waiting */
  double L;   /* latest arrival at the first node */
  double TW;  /* time warp: > 0 means infeasible */
} Seg;

typedef struct
{
  int      vehicle;
  int      n;         /* number of visits; nodes[0] and nodes[n + 1] are the depots */
  int      n_locked;  /* nodes[1 … n_locked] are in progress and stay first */
  int     *nodes;
  Seg     *fwd;       /* fwd[i]: nodes 0 … i */
  Seg     *bwd;       /* bwd[i]: nodes i … n + 1 */
  double  *cdist;     /* travel from the start to node i */
  double  *cload;     /* demand of nodes 1 … i */
  int     *cfixed;    /* fixed visits among nodes 1 … i */
  guint64 *bskill;    /* skills needed by nodes i … n */
  double  *est;       /* earliest start of service */
  double  *slate;     /* SLA cost of nodes i … n */
  double   sla;
  double   cost;
  /* undo */
  int     *saved;
  int      n_saved;
  gboolean dirty;
} Route;

typedef struct
{
  int  route;
  int  i;
  int  j;
  int  rev;
} Slice;

struct _OnsitePlanSolver
{
  OnsitePlanProblem *problem;

  int       nv;
  int       nk;
  int       nnodes;
  guint     nloc;
  double   *tt;
  int      *loc;
  double   *a;
  double   *b;
  double   *s;
  double   *dem;
  double   *due;
  guint64  *req;
  double   *weight;     /* penalty when unassigned */
  gboolean *fixed;
  guint8   *allowed;    /* nv × nk */
  double   *cap;
  guint64  *skills;
  int      *vclass;     /* technicians that are interchangeable share a class */
  int      *endclass;
  gboolean  has_soft;

  int      *adj;        /* nv × n_adj, nearest first */
  int       n_adj;

  Route    *routes;
  int      *route_of;
  int      *pos_of;
  int      *unassigned;
  int       n_unassigned;
  int      *saved_unassigned;
  int       n_saved_unassigned;
  gboolean  undo_active;
  double    cost;

  /* scratch */
  int      *buf1;
  int      *buf2;
  int      *removed;
  int       n_removed;
  int      *stamp;
  int       stamp_now;
  double   *keys;

  guint64   rng[2];
  guint64   iterations;

  GMutex    best_lock;
  int      *best;       /* per route: n, then the visits */
  double    best_cost;
};

/* Random numbers: xorshift128+, seeded by splitmix64. */

static guint64
splitmix64 (guint64 *x)
{
  guint64 z = (*x += G_GUINT64_CONSTANT (0x9E3779B97F4A7C15));

  z = (z ^ (z >> 30)) * G_GUINT64_CONSTANT (0xBF58476D1CE4E5B9);
  z = (z ^ (z >> 27)) * G_GUINT64_CONSTANT (0x94D049BB133111EB);
  return z ^ (z >> 31);
}

static inline guint64
rng_next (OnsitePlanSolver *S)
{
  guint64 s1 = S->rng[0];
  const guint64 s0 = S->rng[1];

  S->rng[0] = s0;
  s1 ^= s1 << 23;
  S->rng[1] = s1 ^ s0 ^ (s1 >> 17) ^ (s0 >> 26);
  return S->rng[1] + s0;
}

static inline double
rng_double (OnsitePlanSolver *S)
{
  return (rng_next (S) >> 11) * (1.0 / 9007199254740992.0);
}

static inline int
rng_int (OnsitePlanSolver *S,
         int               n)
{
  return (int) (rng_double (S) * n);
}

/* Segments */

static inline double
travel (const OnsitePlanSolver *S,
        int                     from,
        int                     to)
{
  return S->tt[(gsize) S->loc[from] * S->nloc + S->loc[to]];
}

static inline Seg
seg_node (const OnsitePlanSolver *S,
          int                     x)
{
  Seg r = { S->s[x], S->a[x], S->b[x], 0 };
  return r;
}

static inline Seg
seg_cat (const OnsitePlanSolver *S,
         Seg                     A,
         int                     last_a,
         Seg                     B,
         int                     first_b)
{
  double t = travel (S, last_a, first_b);
  double delta = A.D - A.TW + t;
  double wait = MAX (B.E - delta - A.L, 0);
  double warp = MAX (A.E + delta - B.L, 0);
  Seg R;

  R.D = A.D + B.D + t + wait;
  R.TW = A.TW + B.TW + warp;
  R.E = MAX (B.E - delta, A.E) - wait;
  R.L = MIN (B.L - delta, A.L) + warp;
  return R;
}

static inline int
start_node (const OnsitePlanSolver *S,
            int                     k)
{
  return S->nv + 2 * k;
}

static inline int
end_node (const OnsitePlanSolver *S,
          int                     k)
{
  return S->nv + 2 * k + 1;
}

static inline double
sla_cost (const OnsitePlanSolver *S,
          int                     x,
          double                  start)
{
  if (start > S->due[x] + EPS)
    return _ONSITE_PLAN_W_BREACH + (start - S->due[x]);
  return 0;
}

/* The SLA cost of a whole sequence of visits driven by @k, starting every
 * visit as early as possible. */
static double
seq_sla (const OnsitePlanSolver *S,
         int                     k,
         const int              *seq,
         int                     n)
{
  int prev = start_node (S, k);
  double clock = S->a[prev];
  double total = 0;

  for (int i = 0; i < n; i++)
    {
      int x = seq[i];
      double st = MAX (S->a[x], clock + S->s[prev] + travel (S, prev, x));

      total += sla_cost (S, x, st);
      clock = st;
      prev = x;
    }

  return total;
}

/* Routes */

static void
route_update (OnsitePlanSolver *S,
              Route            *R)
{
  int n = R->n;
  int *nodes = R->nodes;

  nodes[0] = start_node (S, R->vehicle);
  nodes[n + 1] = end_node (S, R->vehicle);

  R->fwd[0] = seg_node (S, nodes[0]);
  R->cdist[0] = 0;
  R->cload[0] = 0;
  R->cfixed[0] = 0;
  R->est[0] = S->a[nodes[0]];
  for (int i = 1; i <= n + 1; i++)
    {
      int x = nodes[i];
      double t = travel (S, nodes[i - 1], x);

      R->fwd[i] = seg_cat (S, R->fwd[i - 1], nodes[i - 1], seg_node (S, x), x);
      R->cdist[i] = R->cdist[i - 1] + t;
      R->cload[i] = R->cload[i - 1] + S->dem[x];
      R->cfixed[i] = R->cfixed[i - 1] + (S->fixed[x] ? 1 : 0);
      R->est[i] = MAX (S->a[x], R->est[i - 1] + S->s[nodes[i - 1]] + t);
      if (i <= n)
        {
          S->route_of[x] = (int) (R - S->routes);
          S->pos_of[x] = i;
        }
    }

  R->bwd[n + 1] = seg_node (S, nodes[n + 1]);
  R->bskill[n + 1] = 0;
  R->slate[n + 1] = 0;
  for (int i = n; i >= 0; i--)
    {
      int x = nodes[i];

      R->bwd[i] = seg_cat (S, seg_node (S, x), x, R->bwd[i + 1], nodes[i + 1]);
      R->bskill[i] = R->bskill[i + 1] | S->req[x];
      R->slate[i] = R->slate[i + 1] + (S->has_soft && i > 0 ? sla_cost (S, x, R->est[i]) : 0);
    }

  R->sla = R->slate[0];
  R->cost = R->cdist[n + 1] + R->sla;
}

static void
solver_recompute_cost (OnsitePlanSolver *S)
{
  double cost = 0;

  for (int k = 0; k < S->nk; k++)
    cost += S->routes[k].cost;
  for (int i = 0; i < S->n_unassigned; i++)
    cost += S->weight[S->unassigned[i]];

  S->cost = cost;
}

/* Undo: the first change to a route in an iteration saves its visits. */

static void
undo_begin (OnsitePlanSolver *S)
{
  S->undo_active = TRUE;
  memcpy (S->saved_unassigned, S->unassigned, sizeof (int) * S->n_unassigned);
  S->n_saved_unassigned = S->n_unassigned;
  for (int k = 0; k < S->nk; k++)
    S->routes[k].dirty = FALSE;
}

static inline void
touch_route (OnsitePlanSolver *S,
             Route            *R)
{
  if (!S->undo_active || R->dirty)
    return;

  R->dirty = TRUE;
  memcpy (R->saved, R->nodes + 1, sizeof (int) * R->n);
  R->n_saved = R->n;
}

static void
undo_commit (OnsitePlanSolver *S)
{
  S->undo_active = FALSE;
}

static void
undo_rollback (OnsitePlanSolver *S)
{
  for (int i = 0; i < S->n_unassigned; i++)
    S->route_of[S->unassigned[i]] = -1;
  memcpy (S->unassigned, S->saved_unassigned, sizeof (int) * S->n_saved_unassigned);
  S->n_unassigned = S->n_saved_unassigned;
  for (int i = 0; i < S->n_unassigned; i++)
    S->route_of[S->unassigned[i]] = -1;

  for (int k = 0; k < S->nk; k++)
    {
      Route *R = &S->routes[k];

      if (!R->dirty)
        continue;
      memcpy (R->nodes + 1, R->saved, sizeof (int) * R->n_saved);
      R->n = R->n_saved;
      route_update (S, R);
      R->dirty = FALSE;
    }

  S->undo_active = FALSE;
  solver_recompute_cost (S);
}

static void
unassigned_add (OnsitePlanSolver *S,
                int               x)
{
  S->route_of[x] = -1;
  S->unassigned[S->n_unassigned++] = x;
}

static void
unassigned_remove (OnsitePlanSolver *S,
                   int               x)
{
  for (int i = 0; i < S->n_unassigned; i++)
    if (S->unassigned[i] == x)
      {
        S->unassigned[i] = S->unassigned[--S->n_unassigned];
        return;
      }
}

/* Inserts @x after position @p of @R. */
static void
route_insert (OnsitePlanSolver *S,
              Route            *R,
              int               p,
              int               x)
{
  touch_route (S, R);
  memmove (R->nodes + p + 2, R->nodes + p + 1, sizeof (int) * (R->n - p));
  R->nodes[p + 1] = x;
  R->n++;
  route_update (S, R);
}

/* Insertion */

/* The SLA cost change of inserting @x after position @p, walking forward
 * only while the schedule actually moves. */
static double
insert_sla_delta (OnsitePlanSolver *S,
                  Route            *R,
                  int               p,
                  int               x)
{
  int prev = R->nodes[p];
  double st = MAX (S->a[x], R->est[p] + S->s[prev] + travel (S, prev, x));
  double delta = sla_cost (S, x, st);

  prev = x;
  for (int i = p + 1; i <= R->n; i++)
    {
      int y = R->nodes[i];
      double st2 = MAX (S->a[y], st + S->s[prev] + travel (S, prev, y));

      if (fabs (st2 - R->est[i]) <= EPS)
        break;
      delta += sla_cost (S, y, st2) - sla_cost (S, y, R->est[i]);
      st = st2;
      prev = y;
    }

  return delta;
}

/* The cheapest feasible place for @x, with blinks when @blink > 0. Empty
 * routes of interchangeable technicians are tried once. */
static gboolean
best_insertion (OnsitePlanSolver *S,
                int               x,
                double            blink,
                int              *out_route,
                int              *out_pos,
                double           *out_delta)
{
  double best = BIG;
  int best_r = -1;
  int best_p = -1;

  S->stamp_now++;

  for (int k = 0; k < S->nk; k++)
    {
      Route *R = &S->routes[k];

      if (!S->allowed[(gsize) x * S->nk + k])
        continue;
      if (R->cload[R->n] + S->dem[x] > S->cap[k] + EPS)
        continue;
      if (R->n == 0)
        {
          if (S->stamp[S->vclass[k]] == S->stamp_now)
            continue;
          S->stamp[S->vclass[k]] = S->stamp_now;
        }

      for (int p = R->n_locked; p <= R->n; p++)
        {
          int u = R->nodes[p];
          int w = R->nodes[p + 1];
          double d;
          Seg seg;

          if (blink > 0 && rng_double (S) < blink)
            continue;

          d = travel (S, u, x) + travel (S, x, w) - travel (S, u, w);
          if (d >= best && !S->has_soft)
            continue;

          seg = seg_cat (S, R->fwd[p], u, seg_node (S, x), x);
          if (seg.TW > EPS)
            continue;
          seg = seg_cat (S, seg, x, R->bwd[p + 1], w);
          if (seg.TW > EPS)
            continue;

          if (S->has_soft)
            d += insert_sla_delta (S, R, p, x);

          if (d < best)
            {
              best = d;
              best_r = k;
              best_p = p;
            }
        }
    }

  *out_route = best_r;
  *out_pos = best_p;
  *out_delta = best;
  return best_r >= 0;
}

/* Construction: regret-2 insertion. Pinned visits go first, then by
 * priority, then the visit that would cost most to put off. The best
 * insertion of each pending visit into each route is cached and only
 * recomputed for the route that changed. */

static void
regret_route_column (OnsitePlanSolver *S,
                     int               k,
                     const int        *pending,
                     int               n_pending,
                     double           *best_cost,
                     int              *best_pos)
{
  Route *R = &S->routes[k];

  for (int i = 0; i < n_pending; i++)
    {
      int x = pending[i];
      gsize idx = (gsize) x * S->nk + k;
      double best = BIG;
      int pos = -1;

      if (S->allowed[idx] && R->cload[R->n] + S->dem[x] <= S->cap[k] + EPS)
        {
          for (int p = R->n_locked; p <= R->n; p++)
            {
              int u = R->nodes[p];
              int w = R->nodes[p + 1];
              double d = travel (S, u, x) + travel (S, x, w) - travel (S, u, w);
              Seg seg;

              if (d >= best && !S->has_soft)
                continue;
              seg = seg_cat (S, seg_cat (S, R->fwd[p], u, seg_node (S, x), x), x, R->bwd[p + 1], w);
              if (seg.TW > EPS)
                continue;
              if (S->has_soft)
                d += insert_sla_delta (S, R, p, x);
              if (d < best)
                {
                  best = d;
                  pos = p;
                }
            }
        }

      best_cost[idx] = best;
      best_pos[idx] = pos;
    }
}

void
_onsite_plan_solver_construct (OnsitePlanSolver *S)
{
  g_autofree int *pending = g_new (int, S->nv);
  g_autofree double *best_cost = g_new (double, (gsize) S->nv * S->nk);
  g_autofree int *best_pos = g_new (int, (gsize) S->nv * S->nk);
  int n_pending = S->n_unassigned;

  memcpy (pending, S->unassigned, sizeof (int) * n_pending);
  S->n_unassigned = 0;

  for (int k = 0; k < S->nk; k++)
    regret_route_column (S, k, pending, n_pending, best_cost, best_pos);

  while (n_pending > 0)
    {
      int pick = -1;
      int pick_route = -1;
      double pick_key[4] = { -BIG, -BIG, -BIG, -BIG };

      for (int i = 0; i < n_pending; )
        {
          int x = pending[i];
          double b1 = BIG, b2 = BIG;
          int r1 = -1;
          double key[4];

          S->stamp_now++;
          for (int k = 0; k < S->nk; k++)
            {
              double c = best_cost[(gsize) x * S->nk + k];

              if (c >= BIG)
                continue;
              if (S->routes[k].n == 0)
                {
                  if (S->stamp[S->vclass[k]] == S->stamp_now)
                    continue;
                  S->stamp[S->vclass[k]] = S->stamp_now;
                }
              if (c < b1)
                {
                  b2 = b1;
                  b1 = c;
                  r1 = k;
                }
              else if (c < b2)
                b2 = c;
            }

          if (r1 < 0)
            {
              /* Nowhere to go, and routes only fill up from here. */
              unassigned_add (S, x);
              pending[i] = pending[--n_pending];
              continue;
            }

          key[0] = S->fixed[x] ? 1 : 0;
          key[1] = S->weight[x];
          key[2] = b2 >= BIG ? BIG : b2 - b1;
          key[3] = b1;

          for (int j = 0; j < 4; j++)
            {
              if (key[j] > pick_key[j] + 1e-12)
                {
                  memcpy (pick_key, key, sizeof key);
                  pick = i;
                  pick_route = r1;
                  break;
                }
              if (key[j] < pick_key[j] - 1e-12)
                break;
            }
          i++;
        }

      if (pick < 0)
        break;

      {
        int x = pending[pick];
        Route *R = &S->routes[pick_route];

        route_insert (S, R, best_pos[(gsize) x * S->nk + pick_route], x);
        pending[pick] = pending[--n_pending];
        regret_route_column (S, pick_route, pending, n_pending, best_cost, best_pos);
      }
    }

  solver_recompute_cost (S);
}

/* Generic move evaluation: a route rebuilt as a list of slices of the
 * current routes. Prefixes of the route itself and suffixes ending at an
 * equivalent depot come from the precomputed segments in O(1); the other
 * slices (short by construction, except in 2-opt) are walked. */

static inline gboolean
slice_empty (const Slice *sl)
{
  return sl->i > sl->j;
}

static gboolean
eval_route (OnsitePlanSolver *S,
            int               target,
            const Slice      *sl,
            int               ns,
            double           *out_cost)
{
  Route *T = &S->routes[target];
  int k = target;
  int first = 0;
  int last;
  Seg acc;
  double dist = 0;
  double load = 0;
  int last_slice = ns - 1;

  while (first < ns && slice_empty (&sl[first]))
    first++;
  while (last_slice >= 0 && slice_empty (&sl[last_slice]))
    last_slice--;

  if (first < ns && sl[first].route == target && sl[first].i == 1 && !sl[first].rev)
    {
      int j = sl[first].j;

      acc = T->fwd[j];
      last = T->nodes[j];
      dist = T->cdist[j];
      load = T->cload[j];
      first++;
      if (j < T->n_locked)
        return FALSE;
    }
  else
    {
      if (T->n_locked > 0)
        return FALSE;
      last = start_node (S, k);
      acc = seg_node (S, last);
    }

  for (int q = first; q < ns; q++)
    {
      const Slice *c = &sl[q];
      Route *R;

      if (slice_empty (c))
        continue;

      R = &S->routes[c->route];
      if (c->route != target)
        {
          if (R->cfixed[c->j] - R->cfixed[c->i - 1] > 0)
            return FALSE;
          if (c->j == R->n)
            {
              if (R->bskill[c->i] & ~S->skills[k])
                return FALSE;
            }
          else
            {
              for (int i = c->i; i <= c->j; i++)
                if (!S->allowed[(gsize) R->nodes[i] * S->nk + k])
                  return FALSE;
            }
        }

      load += R->cload[c->j] - R->cload[c->i - 1];

      /* a suffix ending at an equivalent depot, when nothing follows it */
      if (q == last_slice && !c->rev && c->j == R->n && S->endclass[R->vehicle] == S->endclass[k])
        {
          int f = R->nodes[c->i];

          acc = seg_cat (S, acc, last, R->bwd[c->i], f);
          dist += travel (S, last, f) + R->cdist[R->n + 1] - R->cdist[c->i];
          if (acc.TW > EPS || load > S->cap[k] + EPS)
            return FALSE;
          goto done;
        }

      if (!c->rev)
        {
          for (int i = c->i; i <= c->j; i++)
            {
              int x = R->nodes[i];

              acc = seg_cat (S, acc, last, seg_node (S, x), x);
              dist += travel (S, last, x);
              last = x;
            }
        }
      else
        {
          for (int i = c->j; i >= c->i; i--)
            {
              int x = R->nodes[i];

              acc = seg_cat (S, acc, last, seg_node (S, x), x);
              dist += travel (S, last, x);
              last = x;
            }
        }

      if (acc.TW > EPS)
        return FALSE;
    }

  {
    int e = end_node (S, k);

    acc = seg_cat (S, acc, last, seg_node (S, e), e);
    dist += travel (S, last, e);
  }

done:
  if (acc.TW > EPS || load > S->cap[k] + EPS)
    return FALSE;

  *out_cost = dist;
  return TRUE;
}

static int
build_seq (OnsitePlanSolver *S,
           const Slice      *sl,
           int               ns,
           int              *out)
{
  int n = 0;

  for (int q = 0; q < ns; q++)
    {
      const Slice *c = &sl[q];
      Route *R = &S->routes[c->route];

      if (slice_empty (c))
        continue;
      if (!c->rev)
        for (int i = c->i; i <= c->j; i++)
          out[n++] = R->nodes[i];
      else
        for (int i = c->j; i >= c->i; i--)
          out[n++] = R->nodes[i];
    }

  return n;
}

/* Evaluates a move touching one or two routes; applies it and returns TRUE
 * if it lowers the cost. */
static gboolean
try_move (OnsitePlanSolver *S,
          int               r1,
          const Slice      *s1,
          int               n1,
          int               r2,
          const Slice      *s2,
          int               n2)
{
  double c1, c2 = 0;
  double old = S->routes[r1].cost + (r2 >= 0 ? S->routes[r2].cost : 0);
  int len1, len2 = 0;

  if (!eval_route (S, r1, s1, n1, &c1))
    return FALSE;
  if (r2 < 0 && !S->has_soft && c1 >= old - 1e-9)
    return FALSE;
  if (r2 >= 0 && !eval_route (S, r2, s2, n2, &c2))
    return FALSE;
  if (!S->has_soft && c1 + c2 >= old - 1e-9)
    return FALSE;

  len1 = build_seq (S, s1, n1, S->buf1);
  if (r2 >= 0)
    len2 = build_seq (S, s2, n2, S->buf2);

  if (S->has_soft)
    {
      c1 += seq_sla (S, r1, S->buf1, len1);
      if (r2 >= 0)
        c2 += seq_sla (S, r2, S->buf2, len2);
      if (c1 + c2 >= old - 1e-9)
        return FALSE;
    }

  {
    Route *R1 = &S->routes[r1];

    touch_route (S, R1);
    memcpy (R1->nodes + 1, S->buf1, sizeof (int) * len1);
    R1->n = len1;
  }
  if (r2 >= 0)
    {
      Route *R2 = &S->routes[r2];

      touch_route (S, R2);
      memcpy (R2->nodes + 1, S->buf2, sizeof (int) * len2);
      R2->n = len2;
      route_update (S, R2);
    }
  route_update (S, &S->routes[r1]);

  return TRUE;
}

#define SL(r_, i_, j_, rev_) ((Slice) { (r_), (i_), (j_), (rev_) })

static inline int
fixed_in (OnsitePlanSolver *S,
          Route            *R,
          int               i,
          int               j)
{
  return R->cfixed[j] - R->cfixed[i - 1];
}

/* Moves that put @u next to its neighbour @v. */
static gboolean
ls_pair (OnsitePlanSolver *S,
         int               u,
         int               v,
         OnsitePlanMoves   moves)
{
  int ru = S->route_of[u], rv = S->route_of[v];
  Route *U = &S->routes[ru], *V = &S->routes[rv];
  int pu = S->pos_of[u], pv = S->pos_of[v];
  int nu = U->n, nv = V->n;

  if (ru != rv)
    {
      /* relocate (L = 1) and or-opt (L = 2, 3; straight or reversed) */
      for (int L = 1; L <= 3; L++)
        {
          int e = pu + L - 1;

          if (!(moves & (L == 1 ? _ONSITE_PLAN_MOVE_RELOCATE : _ONSITE_PLAN_MOVE_OR_OPT)))
            continue;
          if (e > nu || pu <= U->n_locked || fixed_in (S, U, pu, e))
            break;
          for (int rev = 0; rev <= (L > 1); rev++)
            {
              Slice a[2] = { SL (ru, 1, pu - 1, 0), SL (ru, e + 1, nu, 0) };
              Slice after[3] = { SL (rv, 1, pv, 0), SL (ru, pu, e, rev), SL (rv, pv + 1, nv, 0) };
              Slice before[3] = { SL (rv, 1, pv - 1, 0), SL (ru, pu, e, rev), SL (rv, pv, nv, 0) };

              if (try_move (S, ru, a, 2, rv, after, 3))
                return TRUE;
              if (try_move (S, ru, a, 2, rv, before, 3))
                return TRUE;
            }
        }

      /* exchange (1, 1) and cross-exchange (up to 3, 3): u's segment goes
       * right after v, the segment after v goes where u was */
      for (int L1 = 1; L1 <= 3; L1++)
        for (int L2 = 1; L2 <= 3; L2++)
          {
            int e1 = pu + L1 - 1, s2 = pv + 1, e2 = pv + L2;

            if (!(moves & ((L1 == 1 && L2 == 1) ? _ONSITE_PLAN_MOVE_EXCHANGE : _ONSITE_PLAN_MOVE_CROSS)))
              continue;
            if (e1 > nu || e2 > nv || pu <= U->n_locked || s2 <= V->n_locked)
              continue;
            if (fixed_in (S, U, pu, e1) || fixed_in (S, V, s2, e2))
              continue;
            {
              Slice a[3] = { SL (ru, 1, pu - 1, 0), SL (rv, s2, e2, 0), SL (ru, e1 + 1, nu, 0) };
              Slice b[3] = { SL (rv, 1, pv, 0), SL (ru, pu, e1, 0), SL (rv, e2 + 1, nv, 0) };

              if (try_move (S, ru, a, 3, rv, b, 3))
                return TRUE;
            }
          }

      /* exchange with u landing just before v */
      if ((moves & _ONSITE_PLAN_MOVE_EXCHANGE) && pv > 1 && pu > U->n_locked && pv - 1 > V->n_locked &&
          !S->fixed[u] && !S->fixed[V->nodes[pv - 1]])
        {
          Slice a[3] = { SL (ru, 1, pu - 1, 0), SL (rv, pv - 1, pv - 1, 0), SL (ru, pu + 1, nu, 0) };
          Slice b[3] = { SL (rv, 1, pv - 2, 0), SL (ru, pu, pu, 0), SL (rv, pv, nv, 0) };

          if (try_move (S, ru, a, 3, rv, b, 3))
            return TRUE;
        }

      /* 2-opt*: u → v and v → u */
      if (moves & _ONSITE_PLAN_MOVE_TWO_OPT_STAR)
        {
          if (pu >= U->n_locked && pv - 1 >= V->n_locked)
            {
              Slice a[2] = { SL (ru, 1, pu, 0), SL (rv, pv, nv, 0) };
              Slice b[2] = { SL (rv, 1, pv - 1, 0), SL (ru, pu + 1, nu, 0) };

              if (try_move (S, ru, a, 2, rv, b, 2))
                return TRUE;
            }
          if (pv >= V->n_locked && pu - 1 >= U->n_locked)
            {
              Slice a[2] = { SL (ru, 1, pu - 1, 0), SL (rv, pv + 1, nv, 0) };
              Slice b[2] = { SL (rv, 1, pv, 0), SL (ru, pu, nu, 0) };

              if (try_move (S, ru, a, 2, rv, b, 2))
                return TRUE;
            }
        }

      return FALSE;
    }

  /* Same route. */
  if (pu <= U->n_locked || pv <= U->n_locked)
    return FALSE;

  /* relocate / or-opt within the route, after v */
  for (int L = 1; L <= 3; L++)
    {
      int e = pu + L - 1;

      if (!(moves & (L == 1 ? _ONSITE_PLAN_MOVE_RELOCATE : _ONSITE_PLAN_MOVE_OR_OPT)))
        continue;
      if (e > nu || fixed_in (S, U, pu, e))
        break;
      if (pv >= pu - 1 && pv <= e)
        continue;
      for (int rev = 0; rev <= (L > 1); rev++)
        {
          if (pv < pu)
            {
              Slice a[4] = { SL (ru, 1, pv, 0), SL (ru, pu, e, rev), SL (ru, pv + 1, pu - 1, 0), SL (ru, e + 1, nu, 0) };

              if (try_move (S, ru, a, 4, -1, NULL, 0))
                return TRUE;
            }
          else
            {
              Slice a[4] = { SL (ru, 1, pu - 1, 0), SL (ru, e + 1, pv, 0), SL (ru, pu, e, rev), SL (ru, pv + 1, nu, 0) };

              if (try_move (S, ru, a, 4, -1, NULL, 0))
                return TRUE;
            }
        }
    }

  /* exchange within the route */
  if ((moves & _ONSITE_PLAN_MOVE_EXCHANGE) && !S->fixed[u] && !S->fixed[v])
    {
      int i = MIN (pu, pv), j = MAX (pu, pv);
      Slice a[5] = { SL (ru, 1, i - 1, 0), SL (ru, j, j, 0), SL (ru, i + 1, j - 1, 0), SL (ru, i, i, 0), SL (ru, j + 1, nu, 0) };

      if (try_move (S, ru, a, 5, -1, NULL, 0))
        return TRUE;
    }

  /* 2-opt: reverse so that u and v become neighbours */
  if (moves & _ONSITE_PLAN_MOVE_TWO_OPT)
    {
      if (pu < pv - 1)
        {
          Slice a[3] = { SL (ru, 1, pu, 0), SL (ru, pu + 1, pv, 1), SL (ru, pv + 1, nu, 0) };

          if (try_move (S, ru, a, 3, -1, NULL, 0))
            return TRUE;
        }
      else if (pv < pu - 1)
        {
          Slice a[3] = { SL (ru, 1, pv - 1, 0), SL (ru, pv, pu - 1, 1), SL (ru, pu, nu, 0) };

          if (try_move (S, ru, a, 3, -1, NULL, 0))
            return TRUE;
        }
    }

  return FALSE;
}

/* Granular first-improvement local search until no move helps. */
gboolean
_onsite_plan_solver_local_search (OnsitePlanSolver *S,
                                  OnsitePlanMoves   moves)
{
  g_autofree int *order = g_new (int, S->nv);
  gboolean any = FALSE;
  gboolean improved = TRUE;
  int k_ls = MIN (S->n_adj, N_LS_NEIGHBOURS);

  for (int i = 0; i < S->nv; i++)
    order[i] = i;
  for (int i = S->nv - 1; i > 0; i--)
    {
      int j = rng_int (S, i + 1);
      int t = order[i];

      order[i] = order[j];
      order[j] = t;
    }

  while (improved)
    {
      improved = FALSE;
      for (int q = 0; q < S->nv; q++)
        {
          int u = order[q];

          if (S->route_of[u] < 0)
            continue;
          for (int t = 0; t < k_ls; t++)
            {
              int v = S->adj[(gsize) u * S->n_adj + t];

              if (S->route_of[v] < 0)
                continue;
              if (ls_pair (S, u, v, moves))
                {
                  improved = any = TRUE;
                  if (S->route_of[u] < 0)
                    break;
                }
            }
        }
    }

  solver_recompute_cost (S);
  return any;
}

/* SISR */

/*
 * Taking visits out of a feasible route keeps it feasible only when travel
 * times obey the triangle inequality. The day planner's "nowhere" place
 * (breaks, visits without an address) is no travel from and to anywhere, so
 * removing a visit there can make the trip from its neighbours longer than
 * the visit took and push the rest of the route past a pinned time or the
 * end of the shift. Such visits stay where they are.
 */
static gboolean
removal_keeps_feasible (OnsitePlanSolver *S,
                        Route            *R,
                        const guint8     *mark)
{
  int last = R->nodes[0];
  Seg acc = R->fwd[0];

  if (R->fwd[R->n + 1].TW > EPS)
    return TRUE;   /* nothing to keep */

  for (int i = 1; i <= R->n + 1; i++)
    {
      int x = R->nodes[i];

      if (i <= R->n && mark[i])
        continue;
      acc = seg_cat (S, acc, last, seg_node (S, x), x);
      if (acc.TW > EPS)
        return FALSE;
      last = x;
    }

  return TRUE;
}

static void
remove_marked (OnsitePlanSolver *S,
               Route            *R,
               const guint8     *mark)
{
  int w = 1;

  touch_route (S, R);

  if (!removal_keeps_feasible (S, R, mark))
    {
      /* One at a time from the end, so that the positions before stay
       * valid, and only where the route stays feasible without it. */
      for (int i = R->n; i >= 1; i--)
        {
          int x = R->nodes[i];
          Seg seg;

          if (!mark[i])
            continue;
          seg = seg_cat (S, R->fwd[i - 1], R->nodes[i - 1], R->bwd[i + 1], R->nodes[i + 1]);
          if (seg.TW > EPS)
            continue;
          S->removed[S->n_removed++] = x;
          S->route_of[x] = -1;
          memmove (R->nodes + i, R->nodes + i + 1, sizeof (int) * (R->n - i));
          R->n--;
          route_update (S, R);
        }
      return;
    }

  for (int i = 1; i <= R->n; i++)
    {
      int x = R->nodes[i];

      if (mark[i])
        {
          S->removed[S->n_removed++] = x;
          S->route_of[x] = -1;
        }
      else
        R->nodes[w++] = x;
    }
  R->n = w - 1;
  route_update (S, R);
}

static void
ruin (OnsitePlanSolver *S,
      double            avg_len)
{
  double ls_max = MIN (SISR_MAX_STRING, avg_len);
  double ks_max = 4.0 * SISR_AVG_REMOVED / (1.0 + ls_max) - 1.0;
  int ks = (int) (rng_double (S) * ks_max) + 1;
  int ruined = 0;
  int seed;
  g_autofree guint8 *mark = NULL;

  S->n_removed = 0;
  if (S->nv == 0)
    return;

  seed = rng_int (S, S->nv);
  S->stamp_now++;
  mark = g_new0 (guint8, S->nv + 2);

  for (int t = -1; t < S->n_adj && ruined < ks; t++)
    {
      int c = t < 0 ? seed : S->adj[(gsize) seed * S->n_adj + t];
      int r = S->route_of[c];
      Route *R;
      int n, l, pc;

      if (r < 0 || S->fixed[c] || S->stamp[S->nk + r] == S->stamp_now)
        continue;

      R = &S->routes[r];
      S->stamp[S->nk + r] = S->stamp_now;
      ruined++;

      n = R->n;
      pc = S->pos_of[c];
      l = (int) (rng_double (S) * MIN ((double) n, ls_max)) + 1;
      l = MIN (l, n);
      memset (mark, 0, n + 2);

      if (l == n || rng_double (S) < 0.5)
        {
          int lo = MAX (1, pc - l + 1), hi = MIN (pc, n - l + 1);
          int st = lo + rng_int (S, hi - lo + 1);

          for (int i = st; i < st + l; i++)
            mark[i] = !S->fixed[R->nodes[i]];
        }
      else
        {
          int m = 1;
          int total, lo, hi, st, keep;

          while (l + m < n && rng_double (S) >= SISR_SPLIT_BETA)
            m++;
          total = l + m;
          lo = MAX (1, pc - total + 1);
          hi = MIN (pc, n - total + 1);
          st = lo + rng_int (S, hi - lo + 1);
          keep = st + rng_int (S, total - m + 1);
          for (int i = st; i < st + total; i++)
            mark[i] = !S->fixed[R->nodes[i]] && (i < keep || i >= keep + m);
          /* the seed customer itself must go */
          if (!S->fixed[c])
            mark[pc] = 1;
        }

      remove_marked (S, R, mark);
    }
}

static int
compare_keys_desc (gconstpointer a,
                   gconstpointer b,
                   gpointer      user_data)
{
  const double *keys = user_data;
  double ka = keys[*(const int *) a], kb = keys[*(const int *) b];

  return ka > kb ? -1 : ka < kb ? 1 : 0;
}

static void
recreate (OnsitePlanSolver *S,
          double            blink)
{
  int n = 0;
  int *list = S->removed;
  double choice = rng_double (S) * 13;

  /* everything not planned gets another chance */
  for (int i = 0; i < S->n_unassigned; i++)
    list[S->n_removed + n++] = S->unassigned[i];
  n += S->n_removed;
  S->n_unassigned = 0;

  for (int i = n - 1; i > 0; i--)
    {
      int j = rng_int (S, i + 1);
      int t = list[i];

      list[i] = list[j];
      list[j] = t;
    }

  for (int i = 0; i < n; i++)
    {
      int x = list[i];
      double key = 0;
      double depot = travel (S, x, start_node (S, 0));

      if (choice < 4)
        key = 0;
      else if (choice < 8)
        key = S->dem[x];
      else if (choice < 10)
        key = depot;
      else if (choice < 11)
        key = -depot;
      else
        key = -(S->b[x] - S->a[x]);

      S->keys[x] = key + 1e12 * S->weight[x] / _ONSITE_PLAN_W_UNASSIGNED + (S->fixed[x] ? 1e15 : 0);
    }
  g_qsort_with_data (list, n, sizeof (int), compare_keys_desc, S->keys);

  for (int i = 0; i < n; i++)
    {
      int x = list[i];
      int r, p;
      double d;

      if (best_insertion (S, x, blink, &r, &p, &d))
        route_insert (S, &S->routes[r], p, x);
      else
        unassigned_add (S, x);
    }

  S->n_removed = 0;
}

/* Best plan bookkeeping */

static void
save_best (OnsitePlanSolver *S)
{
  int w = 0;

  g_mutex_lock (&S->best_lock);
  for (int k = 0; k < S->nk; k++)
    {
      Route *R = &S->routes[k];

      S->best[w++] = R->n;
      memcpy (S->best + w, R->nodes + 1, sizeof (int) * R->n);
      w += R->n;
    }
  S->best_cost = S->cost;
  g_mutex_unlock (&S->best_lock);
}

static void
restore_best (OnsitePlanSolver *S)
{
  int w = 0;

  S->n_unassigned = 0;
  for (int x = 0; x < S->nv; x++)
    S->route_of[x] = -1;

  for (int k = 0; k < S->nk; k++)
    {
      Route *R = &S->routes[k];

      R->n = S->best[w++];
      memcpy (R->nodes + 1, S->best + w, sizeof (int) * R->n);
      w += R->n;
      route_update (S, R);
    }
  for (int x = 0; x < S->nv; x++)
    if (S->route_of[x] < 0)
      S->unassigned[S->n_unassigned++] = x;

  solver_recompute_cost (S);
}

static int
compare_by_distance (gconstpointer a,
                     gconstpointer b,
                     gpointer      user_data)
{
  const double *d = user_data;
  double da = d[*(const int *) a], db = d[*(const int *) b];

  if (da != db)
    return da < db ? -1 : 1;
  return *(const int *) a - *(const int *) b;
}

/* Moves the @k nearest of @idx (by @d, ties by index) to its front, in
 * linear expected time: sorting every row in full is what made big days
 * slow to start. */
static void
select_nearest (int          *idx,
                int           n,
                int           k,
                const double *d)
{
  int lo = 0, hi = n - 1;

  while (k > 0 && k < n && lo < hi)
    {
      int pivot = idx[lo + (hi - lo) / 2];
      int i = lo, j = hi;

      while (i <= j)
        {
          while (compare_by_distance (&idx[i], &pivot, (gpointer) d) < 0)
            i++;
          while (compare_by_distance (&idx[j], &pivot, (gpointer) d) > 0)
            j--;
          if (i <= j)
            {
              int t = idx[i];

              idx[i++] = idx[j];
              idx[j--] = t;
            }
        }
      if (k - 1 <= j)
        hi = j;
      else if (k - 1 >= i)
        lo = i;
      else
        break;
    }
}

static double
finite_or (double value,
           double big)
{
  if (isinf (value))
    return value > 0 ? big : -big;
  return value;
}

/**
 * _onsite_plan_solver_new:
 * @problem: a validated problem
 * @seed: the seed of every random choice
 *
 * Copies the problem into flat arrays and starts with every visit
 * unassigned.
 */
OnsitePlanSolver *
_onsite_plan_solver_new (OnsitePlanProblem *problem,
                         guint64            seed)
{
  OnsitePlanSolver *S = g_new0 (OnsitePlanSolver, 1);
  int nv = problem->visits->len;
  int nk = problem->technicians->len;
  int nn = nv + 2 * nk;
  g_autofree double *d = NULL;
  g_autofree int *idx = NULL;

  S->problem = onsite_plan_problem_ref (problem);
  S->nv = nv;
  S->nk = nk;
  S->nnodes = nn;
  S->nloc = problem->n_locations;
  S->tt = problem->matrix;

  S->loc = g_new (int, nn);
  S->a = g_new (double, nn);
  S->b = g_new (double, nn);
  S->s = g_new (double, nn);
  S->dem = g_new (double, nn);
  S->due = g_new (double, nn);
  S->req = g_new (guint64, nn);
  S->fixed = g_new0 (gboolean, nn);
  S->weight = g_new (double, nv);
  S->allowed = g_new (guint8, (gsize) MAX (nv, 1) * MAX (nk, 1));
  S->cap = g_new (double, MAX (nk, 1));
  S->skills = g_new (guint64, MAX (nk, 1));
  S->vclass = g_new (int, MAX (nk, 1));
  S->endclass = g_new (int, MAX (nk, 1));

  for (int x = 0; x < nv; x++)
    {
      const OnsitePlanVisit *v = &g_array_index (problem->visits, OnsitePlanVisit, x);

      S->loc[x] = v->location;
      S->a[x] = finite_or (isnan (v->pinned_time) ? v->window_start : v->pinned_time, BIG);
      S->b[x] = finite_or (isnan (v->pinned_time) ? v->window_end : v->pinned_time, BIG);
      S->s[x] = v->duration;
      S->dem[x] = v->demand;
      S->due[x] = v->due;
      S->req[x] = v->skills;
      S->fixed[x] = _onsite_plan_visit_is_fixed (v);
      S->weight[x] = _ONSITE_PLAN_W_UNASSIGNED * _onsite_plan_priority_weight (v->priority);
      if (v->due < S->b[x])
        S->has_soft = TRUE;
      for (int k = 0; k < nk; k++)
        S->allowed[(gsize) x * nk + k] = _onsite_plan_technician_allowed (problem, x, k);
    }

  for (int k = 0; k < nk; k++)
    {
      const OnsitePlanTechnician *t = &g_array_index (problem->technicians, OnsitePlanTechnician, k);
      int sn = nv + 2 * k, en = sn + 1;

      S->loc[sn] = t->start_location;
      S->loc[en] = t->end_location;
      S->a[sn] = S->a[en] = finite_or (t->shift_start, BIG);
      S->b[sn] = S->b[en] = finite_or (t->shift_end, BIG);
      S->s[sn] = S->s[en] = 0;
      S->dem[sn] = S->dem[en] = 0;
      S->due[sn] = S->due[en] = INFINITY;
      S->req[sn] = S->req[en] = 0;
      S->cap[k] = t->capacity;
      S->skills[k] = t->skills;

      S->vclass[k] = k;
      S->endclass[k] = k;
      for (int j = 0; j < k; j++)
        {
          const OnsitePlanTechnician *o = &g_array_index (problem->technicians, OnsitePlanTechnician, j);

          if (o->end_location == t->end_location && o->shift_start == t->shift_start &&
              o->shift_end == t->shift_end && S->endclass[k] == k)
            S->endclass[k] = S->endclass[j];
          if (o->start_location == t->start_location && o->end_location == t->end_location &&
              o->shift_start == t->shift_start && o->shift_end == t->shift_end &&
              o->skills == t->skills && o->capacity == t->capacity && S->vclass[k] == k)
            {
              gboolean pinned = FALSE;

              /* a technician someone is pinned to is never interchangeable */
              for (int x = 0; x < nv && !pinned; x++)
                {
                  int pin = g_array_index (problem->visits, OnsitePlanVisit, x).pinned_technician;
                  pinned = pin == k || pin == j;
                }
              if (!pinned)
                S->vclass[k] = S->vclass[j];
            }
        }
    }

  /* neighbours by travel both ways */
  S->n_adj = MIN (N_NEIGHBOURS, MAX (nv - 1, 0));
  S->adj = g_new (int, (gsize) MAX (nv, 1) * MAX (S->n_adj, 1));
  d = g_new (double, MAX (nv, 1));
  idx = g_new (int, MAX (nv, 1));
  for (int x = 0; x < nv; x++)
    {
      int m = 0;

      for (int y = 0; y < nv; y++)
        {
          d[y] = travel (S, x, y) + travel (S, y, x);
          if (y != x)
            idx[m++] = y;
        }
      select_nearest (idx, m, S->n_adj, d);
      g_qsort_with_data (idx, S->n_adj, sizeof (int), compare_by_distance, d);
      memcpy (S->adj + (gsize) x * S->n_adj, idx, sizeof (int) * S->n_adj);
    }

  S->routes = g_new0 (Route, MAX (nk, 1));
  for (int k = 0; k < nk; k++)
    {
      Route *R = &S->routes[k];
      int m = nv + 2;

      R->vehicle = k;
      R->nodes = g_new0 (int, m);
      R->fwd = g_new (Seg, m);
      R->bwd = g_new (Seg, m);
      R->cdist = g_new (double, m);
      R->cload = g_new (double, m);
      R->cfixed = g_new (int, m);
      R->bskill = g_new (guint64, m);
      R->est = g_new (double, m);
      R->slate = g_new (double, m);
      R->saved = g_new (int, m);
      route_update (S, R);
    }

  S->route_of = g_new (int, MAX (nv, 1));
  S->pos_of = g_new0 (int, MAX (nv, 1));
  S->unassigned = g_new (int, MAX (nv, 1));
  S->saved_unassigned = g_new (int, MAX (nv, 1));
  S->removed = g_new (int, MAX (nv, 1));
  S->buf1 = g_new (int, nv + 2);
  S->buf2 = g_new (int, nv + 2);
  S->stamp = g_new0 (int, nk * 2 + nv + 1);
  S->keys = g_new (double, MAX (nv, 1));
  S->best = g_new (int, nv + nk + 1);

  for (int x = 0; x < nv; x++)
    unassigned_add (S, x);

  g_mutex_init (&S->best_lock);
  seed ^= G_GUINT64_CONSTANT (0x5eed);
  S->rng[0] = splitmix64 (&seed);
  S->rng[1] = splitmix64 (&seed);

  solver_recompute_cost (S);
  save_best (S);

  return S;
}

void
_onsite_plan_solver_free (OnsitePlanSolver *S)
{
  if (S == NULL)
    return;

  for (int k = 0; k < S->nk; k++)
    {
      Route *R = &S->routes[k];

      g_free (R->nodes);
      g_free (R->fwd);
      g_free (R->bwd);
      g_free (R->cdist);
      g_free (R->cload);
      g_free (R->cfixed);
      g_free (R->bskill);
      g_free (R->est);
      g_free (R->slate);
      g_free (R->saved);
    }
  g_free (S->routes);
  g_free (S->loc);
  g_free (S->a);
  g_free (S->b);
  g_free (S->s);
  g_free (S->dem);
  g_free (S->due);
  g_free (S->req);
  g_free (S->fixed);
  g_free (S->weight);
  g_free (S->allowed);
  g_free (S->cap);
  g_free (S->skills);
  g_free (S->vclass);
  g_free (S->endclass);
  g_free (S->adj);
  g_free (S->route_of);
  g_free (S->pos_of);
  g_free (S->unassigned);
  g_free (S->saved_unassigned);
  g_free (S->removed);
  g_free (S->buf1);
  g_free (S->buf2);
  g_free (S->stamp);
  g_free (S->keys);
  g_free (S->best);
  g_mutex_clear (&S->best_lock);
  onsite_plan_problem_unref (S->problem);
  g_free (S);
}

/**
 * _onsite_plan_solver_load:
 * @S: a fresh solver
 * @initial: the current plan
 * @error: return location for an #OnsitePlanError
 *
 * Starts from @initial. Pinned and in-progress visits keep their technician
 * and their order; the other visits are put back on their technician where
 * they still fit (cheapest place), and whatever no longer fits is left for
 * the search.
 */
gboolean
_onsite_plan_solver_load (OnsitePlanSolver    *S,
                          OnsitePlanSolution  *initial,
                          GError             **error)
{
  g_return_val_if_fail (initial != NULL, FALSE);

  if (initial->problem != S->problem || initial->routes->len != (guint) S->nk)
    return g_set_error (error, ONSITE_PLAN_ERROR, ONSITE_PLAN_ERROR_INVALID,
                        _("The current plan belongs to another problem.")), FALSE;

  /* routes that are still feasible as they are stay exactly as they are */
  for (int k = 0; k < S->nk; k++)
    {
      const OnsitePlanRoute *route = &g_array_index (initial->routes, OnsitePlanRoute, k);
      Route *R = &S->routes[k];
      int prev = start_node (S, k);
      Seg acc = seg_node (S, prev);
      double load = 0;
      gboolean ok = TRUE;
      gboolean leading = TRUE;
      int n_locked = 0;

      for (guint i = 0; i < route->stops->len && ok; i++)
        {
          int x = g_array_index (route->stops, OnsitePlanStop, i).visit;
          gboolean in_progress = g_array_index (S->problem->visits, OnsitePlanVisit, x).in_progress;

          if (S->route_of[x] >= 0 || !S->allowed[(gsize) x * S->nk + k] || (in_progress && !leading))
            ok = FALSE;
          leading = leading && in_progress;
          if (leading)
            n_locked++;
          load += S->dem[x];
          acc = seg_cat (S, acc, prev, seg_node (S, x), x);
          prev = x;
        }
      acc = seg_cat (S, acc, prev, seg_node (S, end_node (S, k)), end_node (S, k));
      if (!ok || acc.TW > EPS || load > S->cap[k] + EPS || route->stops->len == 0)
        continue;

      for (guint i = 0; i < route->stops->len; i++)
        {
          int x = g_array_index (route->stops, OnsitePlanStop, i).visit;

          R->nodes[i + 1] = x;
          unassigned_remove (S, x);
        }
      R->n = route->stops->len;
      R->n_locked = n_locked;
      route_update (S, R);
    }

  for (int k = 0; k < S->nk; k++)
    {
      const OnsitePlanRoute *route = &g_array_index (initial->routes, OnsitePlanRoute, k);
      Route *R = &S->routes[k];

      if (R->n > 0)
        continue;

      /* in progress first, then the other fixed visits in their order */
      for (int pass = 0; pass < 2; pass++)
        for (guint i = 0; i < route->stops->len; i++)
          {
            int x = g_array_index (route->stops, OnsitePlanStop, i).visit;
            const OnsitePlanVisit *v = &g_array_index (S->problem->visits, OnsitePlanVisit, x);
            Seg seg;

            if (S->route_of[x] >= 0 || !S->fixed[x] || (pass == 0) != !!v->in_progress)
              continue;
            if (!S->allowed[(gsize) x * S->nk + k] || R->cload[R->n] + S->dem[x] > S->cap[k] + EPS)
              continue;
            seg = seg_cat (S, seg_cat (S, R->fwd[R->n], R->nodes[R->n], seg_node (S, x), x),
                           x, R->bwd[R->n + 1], R->nodes[R->n + 1]);
            if (seg.TW > EPS)
              continue;
            unassigned_remove (S, x);
            route_insert (S, R, R->n, x);
            if (pass == 0)
              R->n_locked = R->n;
          }
    }

  for (int k = 0; k < S->nk; k++)
    {
      const OnsitePlanRoute *route = &g_array_index (initial->routes, OnsitePlanRoute, k);
      Route *R = &S->routes[k];

      for (guint i = 0; i < route->stops->len; i++)
        {
          int x = g_array_index (route->stops, OnsitePlanStop, i).visit;
          double best = BIG;
          int best_p = -1;

          if (S->route_of[x] >= 0 || S->fixed[x] || !S->allowed[(gsize) x * S->nk + k] ||
              R->cload[R->n] + S->dem[x] > S->cap[k] + EPS)
            continue;
          for (int p = R->n_locked; p <= R->n; p++)
            {
              int u = R->nodes[p], w = R->nodes[p + 1];
              double dd = travel (S, u, x) + travel (S, x, w) - travel (S, u, w);
              Seg seg = seg_cat (S, seg_cat (S, R->fwd[p], u, seg_node (S, x), x), x, R->bwd[p + 1], w);

              if (seg.TW <= EPS && dd < best)
                {
                  best = dd;
                  best_p = p;
                }
            }
          if (best_p >= 0)
            {
              unassigned_remove (S, x);
              route_insert (S, R, best_p, x);
            }
        }
    }

  solver_recompute_cost (S);
  save_best (S);
  return TRUE;
}

static double
average_edge (OnsitePlanSolver *S)
{
  double travel_sum = 0;
  int edges = 0;

  for (int k = 0; k < S->nk; k++)
    if (S->routes[k].n > 0)
      {
        travel_sum += S->routes[k].cdist[S->routes[k].n + 1];
        edges += S->routes[k].n + 1;
      }

  return edges > 0 && travel_sum > 0 ? travel_sum / edges : 1.0;
}

/**
 * _onsite_plan_solver_run:
 * @S: a solver holding a plan (see _construct() and _load())
 * @time_limit: seconds, or <= 0 for none
 * @max_iterations: ruin-and-recreate rounds, or 0 for none
 * @cancellable: (nullable): stops the search early
 * @progress: (nullable): called from this thread
 * @user_data: data for @progress
 *
 * Improves the plan until a limit is reached. The temperature follows the
 * iteration count, not the clock: cooling cycles of a fixed length restart
 * from the best plan, so two runs with the same seed make the same
 * decisions and differ only in where they stop.
 */
void
_onsite_plan_solver_run (OnsitePlanSolver         *S,
                         double                    time_limit,
                         guint64                   max_iterations,
                         GCancellable             *cancellable,
                         OnsitePlanSolverProgress  progress,
                         gpointer                  user_data)
{
  gint64 start = g_get_monotonic_time ();
  gint64 deadline = time_limit > 0 ? start + (gint64) (time_limit * G_USEC_PER_SEC) : G_MAXINT64;
  double edge, t0, tf, current;
  guint64 cycle, it_in_cycle = 0;
  gboolean improved_since_report = FALSE;

  if (S->nv == 0 || S->nk == 0)
    return;

  if (time_limit <= 0 && max_iterations == 0)
    max_iterations = 1000;

  if (S->cost < S->best_cost - EPS)
    save_best (S);

  edge = average_edge (S);
  t0 = 2.0 * edge;
  tf = 0.01 * edge;
  cycle = MAX ((guint64) 2000, (guint64) S->nv * 300);
  if (max_iterations > 0 && max_iterations < cycle)
    cycle = max_iterations;
  current = S->cost;

  for (guint64 it = 0; max_iterations == 0 || it < max_iterations; it++, it_in_cycle++)
    {
      double temperature, avg_len;
      int used = 0, served = 0;

      if ((it & 31) == 0)
        {
          gint64 now = g_get_monotonic_time ();
          double fraction;

          if (now >= deadline || g_cancellable_is_cancelled (cancellable))
            break;

          if ((it & 255) == 0 && progress != NULL)
            {
              fraction = max_iterations > 0 ? (double) it / max_iterations
                                            : (double) (now - start) / (deadline - start);
              progress (S, CLAMP (fraction, 0.0, 1.0), improved_since_report, user_data);
              improved_since_report = FALSE;
            }
        }

      if (it_in_cycle >= cycle)
        {
          /* reheat from the best plan */
          restore_best (S);
          current = S->cost;
          it_in_cycle = 0;
        }

      temperature = t0 * pow (tf / t0, (double) it_in_cycle / cycle);

      for (int k = 0; k < S->nk; k++)
        if (S->routes[k].n > 0)
          {
            used++;
            served += S->routes[k].n;
          }
      avg_len = used > 0 ? (double) served / used : 1.0;

      undo_begin (S);
      ruin (S, avg_len);
      recreate (S, SISR_BLINK);
      solver_recompute_cost (S);

      if (S->cost < current - temperature * log (rng_double (S) + 1e-300))
        {
          undo_commit (S);
          current = S->cost;
          if (S->cost < S->best_cost - 1e-9)
            {
              _onsite_plan_solver_local_search (S, _ONSITE_PLAN_MOVE_ALL);
              current = S->cost;
              save_best (S);
              improved_since_report = TRUE;
            }
        }
      else
        {
          undo_rollback (S);
        }

      S->iterations++;
    }

  restore_best (S);

  if (progress != NULL)
    progress (S, 1.0, improved_since_report, user_data);
}

double
_onsite_plan_solver_get_cost (OnsitePlanSolver *S)
{
  return S->cost;
}

guint64
_onsite_plan_solver_get_iterations (OnsitePlanSolver *S)
{
  return S->iterations;
}

static OnsitePlanSolution *
export_routes (OnsitePlanSolver *S,
               const int        *flat)
{
  g_autoptr(OnsitePlanSolution) solution = onsite_plan_solution_new (S->problem);
  g_autoptr(GError) error = NULL;
  int w = 0;

  for (int k = 0; k < S->nk; k++)
    {
      int n = flat[w++];

      onsite_plan_solution_set_route (solution, k, (const guint *) (flat + w), n, NULL);
      w += n;
    }

  if (!onsite_plan_solution_check (solution, &error))
    g_critical ("The planner produced an infeasible plan: %s", error->message);

  return g_steal_pointer (&solution);
}

/* The current plan of the search. */
OnsitePlanSolution *
_onsite_plan_solver_export (OnsitePlanSolver *S)
{
  g_autofree int *flat = g_new (int, S->nv + S->nk + 1);
  int w = 0;

  for (int k = 0; k < S->nk; k++)
    {
      Route *R = &S->routes[k];

      flat[w++] = R->n;
      memcpy (flat + w, R->nodes + 1, sizeof (int) * R->n);
      w += R->n;
    }

  return export_routes (S, flat);
}

/* The best plan so far; safe to call from any thread while the search runs. */
OnsitePlanSolution *
_onsite_plan_solver_dup_best (OnsitePlanSolver *S)
{
  g_autofree int *flat = g_new (int, S->nv + S->nk + 1);

  g_mutex_lock (&S->best_lock);
  memcpy (flat, S->best, sizeof (int) * (S->nv + S->nk + 1));
  g_mutex_unlock (&S->best_lock);

  return export_routes (S, flat);
}
