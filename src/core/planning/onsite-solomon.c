/* onsite-solomon.c
 *
 * Copyright 2026 The Onsite Authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "onsite-solomon"

#include "config.h"

#include <math.h>
#include <stdlib.h>
#include <glib/gi18n-lib.h>

#include "onsite-solomon.h"

/*
 * Solomon's VRPTW instances (Operations Research 35(2), 1987) in their
 * classic text layout: the name, a VEHICLE section with the fleet size and
 * capacity, then one line per customer (number, x, y, demand, ready time,
 * due date, service time), customer 0 being the depot.
 *
 * They become an ordinary planning problem: one location per customer,
 * Euclidean distances in double precision as travel times, one technician
 * per vehicle working from the depot's ready time to its due date, and one
 * visit per customer whose id is the customer number.
 */

typedef struct
{
  double number, x, y, demand, ready, due, service;
} Customer;

static gboolean
parse_numbers (const char *line,
               double     *out,
               int         n)
{
  const char *p = line;

  for (int i = 0; i < n; i++)
    {
      char *end;

      out[i] = g_ascii_strtod (p, &end);
      if (end == p)
        return FALSE;
      p = end;
    }

  while (g_ascii_isspace (*p))
    p++;

  return *p == '\0';
}

/**
 * onsite_solomon_parse:
 * @text: the instance file's contents
 * @length: length of @text, or -1 if nul-terminated
 * @name: (out) (optional) (transfer full): the instance name, like "C101"
 * @error: return location for an #OnsitePlanError
 *
 * Returns: (transfer full): the problem, or %NULL with @error set
 */
OnsitePlanProblem *
onsite_solomon_parse (const char  *text,
                      gssize       length,
                      char       **name,
                      GError     **error)
{
  g_autofree char *copy = NULL;
  g_auto(GStrv) lines = NULL;
  g_autoptr(GArray) customers = g_array_new (FALSE, FALSE, sizeof (Customer));
  g_autoptr(OnsitePlanProblem) problem = NULL;
  g_autofree char *title = NULL;
  g_autofree double *matrix = NULL;
  double vehicles = -1, capacity = -1;
  guint n;

  g_return_val_if_fail (text != NULL, NULL);

  copy = length < 0 ? g_strdup (text) : g_strndup (text, length);
  lines = g_strsplit (copy, "\n", -1);

  for (guint i = 0; lines[i] != NULL; i++)
    {
      char *line = g_strstrip (lines[i]);
      double v[7];

      if (*line == '\0')
        continue;
      if (title == NULL)
        {
          title = g_strdup (line);
          continue;
        }
      if (vehicles < 0 && parse_numbers (line, v, 2))
        {
          vehicles = v[0];
          capacity = v[1];
          continue;
        }
      if (parse_numbers (line, v, 7))
        {
          Customer c = { v[0], v[1], v[2], v[3], v[4], v[5], v[6] };

          if (vehicles < 0)
            return g_set_error (error, ONSITE_PLAN_ERROR, ONSITE_PLAN_ERROR_PARSE,
                                _("Line %u lists a customer before the fleet."), i + 1), NULL;
          if (c.number != customers->len)
            return g_set_error (error, ONSITE_PLAN_ERROR, ONSITE_PLAN_ERROR_PARSE,
                                _("Line %u should describe customer %u."), i + 1, customers->len), NULL;
          if (c.demand < 0 || c.service < 0 || c.ready > c.due)
            return g_set_error (error, ONSITE_PLAN_ERROR, ONSITE_PLAN_ERROR_PARSE,
                                _("Customer %u on line %u has an impossible demand, service time or window."),
                                customers->len, i + 1), NULL;
          g_array_append_val (customers, c);
          continue;
        }
      if (g_ascii_isdigit (*line))
        return g_set_error (error, ONSITE_PLAN_ERROR, ONSITE_PLAN_ERROR_PARSE,
                            _("Line %u is not a customer line: “%s”."), i + 1, line), NULL;
      /* section headers: VEHICLE, NUMBER CAPACITY, CUSTOMER, CUST NO. … */
    }

  if (title == NULL || vehicles < 1 || vehicles != floor (vehicles) || capacity < 0)
    return g_set_error (error, ONSITE_PLAN_ERROR, ONSITE_PLAN_ERROR_PARSE,
                        _("This is not a Solomon instance: the fleet size and capacity are missing.")), NULL;
  if (customers->len < 1)
    return g_set_error (error, ONSITE_PLAN_ERROR, ONSITE_PLAN_ERROR_PARSE,
                        _("This Solomon instance has no depot.")), NULL;

  n = customers->len;
  problem = onsite_plan_problem_new (n);
  matrix = g_new (double, (gsize) n * n);
  for (guint i = 0; i < n; i++)
    for (guint j = 0; j < n; j++)
      {
        const Customer *a = &g_array_index (customers, Customer, i);
        const Customer *b = &g_array_index (customers, Customer, j);

        matrix[(gsize) i * n + j] = hypot (a->x - b->x, a->y - b->y);
      }
  onsite_plan_problem_set_travel_matrix (problem, matrix);

  for (guint k = 0; k < (guint) vehicles; k++)
    {
      const Customer *depot = &g_array_index (customers, Customer, 0);
      OnsitePlanTechnician t;

      onsite_plan_technician_init (&t);
      t.start_location = t.end_location = 0;
      t.shift_start = depot->ready;
      t.shift_end = depot->due;
      t.capacity = capacity;
      t.id = k;
      onsite_plan_problem_add_technician (problem, &t);
    }

  for (guint i = 1; i < n; i++)
    {
      const Customer *c = &g_array_index (customers, Customer, i);
      OnsitePlanVisit v;

      onsite_plan_visit_init (&v);
      v.location = i;
      v.duration = c->service;
      v.window_start = c->ready;
      v.window_end = c->due;
      v.demand = c->demand;
      v.id = i;
      onsite_plan_problem_add_visit (problem, &v);
    }

  if (name != NULL)
    *name = g_steal_pointer (&title);

  return g_steal_pointer (&problem);
}

/**
 * onsite_solomon_load:
 * @path: an instance file
 * @name: (out) (optional) (transfer full): the instance name
 * @error: return location for a #GError
 *
 * Returns: (transfer full): the problem, or %NULL with @error set
 */
OnsitePlanProblem *
onsite_solomon_load (const char  *path,
                     char       **name,
                     GError     **error)
{
  g_autofree char *text = NULL;
  gsize length;

  g_return_val_if_fail (path != NULL, NULL);

  if (!g_file_get_contents (path, &text, &length, error))
    return NULL;

  return onsite_solomon_parse (text, length, name, error);
}
