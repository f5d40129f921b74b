/* onsite-handoff-summary.c
 *
 * Copyright 2026 The Onsite Authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "onsite-handoff-summary"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "onsite-handoff-summary.h"
#include "onsite-vendor-types.h"

/*
 * The message a vendor receives. Onsite runs no mail server: the summary
 * is shown for editing, then handed to the desktop's e-mail client as a
 * mailto: link (or copied). Ticket text is untrusted, so control
 * characters other than line breaks and tabs are dropped before it goes
 * into either.
 */

static char *
clean (const char *text)
{
  GString *out;

  if (text == NULL)
    return g_strdup ("");

  if (!g_utf8_validate (text, -1, NULL))
    return g_utf8_make_valid (text, -1);

  out = g_string_sized_new (strlen (text));
  for (const char *p = text; *p; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      if (c == '\r')
        continue;
      if (c == '\n' || c == '\t' || !g_unichar_iscntrl (c))
        g_string_append_unichar (out, c);
      else
        g_string_append_c (out, ' ');
    }

  return g_strstrip (g_string_free (out, FALSE));
}

/* One line of text: no line breaks, for a subject or a "Key: value" line. */
static char *
clean_line (const char *text)
{
  char *line = clean (text);

  g_strdelimit (line, "\n\t", ' ');

  return line;
}

static void
add_field (GString    *out,
           const char *label,
           const char *value)
{
  g_autofree char *v = clean_line (value);

  if (*v == '\0')
    return;

  g_string_append_printf (out, "%s: %s\n", label, v);
}

static void
add_block (GString    *out,
           const char *heading,
           const char *text)
{
  g_autofree char *v = clean (text);

  if (*v == '\0')
    return;

  g_string_append_printf (out, "\n%s\n%s\n", heading, v);
}

static void
add_list (GString            *out,
          const char         *heading,
          const char * const *items)
{
  gboolean any = FALSE;

  for (guint i = 0; items && items[i]; i++)
    {
      g_autofree char *v = clean_line (items[i]);

      if (*v == '\0')
        continue;
      if (!any)
        g_string_append_printf (out, "\n%s\n", heading);
      g_string_append_printf (out, "- %s\n", v);
      any = TRUE;
    }
}

static char *
our_reference (OnsiteTicket *ticket)
{
  const char *remote = onsite_ticket_get_remote_id (ticket);

  if (remote && *remote)
    return g_strdup_printf ("#%s", remote);

  return g_strdup_printf ("L-%" G_GINT64_FORMAT, onsite_ticket_get_id (ticket));
}

/**
 * onsite_handoff_compose_subject:
 *
 * Returns: (transfer full): "Service request #4711 (contract SS-0117):
 *   Printer jams on every page", on one line
 */
char *
onsite_handoff_compose_subject (OnsiteTicket               *ticket,
                                const OnsiteHandoffDetails *details)
{
  g_autofree char *ref = NULL;
  g_autofree char *title = NULL;
  g_autofree char *contract = NULL;

  g_return_val_if_fail (ONSITE_IS_TICKET (ticket), NULL);

  ref = our_reference (ticket);
  title = clean_line (onsite_ticket_get_title (ticket));
  contract = clean_line (details ? details->contract_number : NULL);

  if (*contract)
    /* Translators: our ticket reference, the contract number, the ticket's title */
    return g_strdup_printf (_("Service request %s (contract %s): %s"), ref, contract, title);

  /* Translators: our ticket reference, the ticket's title */
  return g_strdup_printf (_("Service request %s: %s"), ref, title);
}

/**
 * onsite_handoff_compose_summary:
 * @ticket: the ticket handed over
 * @details: (nullable): what L2 adds
 *
 * The plain-text hand-off for the vendor: where (site, address, building,
 * floor, room), who to ask for, the problem, what L2 found and tried, the
 * devices' serial numbers and asset tags, and the attachments. Empty parts
 * are left out. The dispatcher edits it before sending.
 *
 * Returns: (transfer full): the summary
 */
char *
onsite_handoff_compose_summary (OnsiteTicket               *ticket,
                                const OnsiteHandoffDetails *details)
{
  static const OnsiteHandoffDetails none = { NULL, };
  g_autoptr(GString) out = g_string_new (NULL);
  g_autofree char *ref = NULL;
  g_autofree char *title = NULL;
  const char *contact_name;
  const char *contact_phone;

  g_return_val_if_fail (ONSITE_IS_TICKET (ticket), NULL);

  if (details == NULL)
    details = &none;

  ref = our_reference (ticket);
  title = clean_line (onsite_ticket_get_title (ticket));

  /* Translators: first line of a hand-off to a vendor; our reference, the title */
  g_string_append_printf (out, _("Service request %s: %s"), ref, title);
  g_string_append_c (out, '\n');
  add_field (out, _("Contract"), details->contract_number);
  g_string_append_c (out, '\n');

  add_field (out, _("Site"), onsite_ticket_get_site_name (ticket));
  add_field (out, _("Address"), onsite_ticket_get_address (ticket));
  add_field (out, _("Building"), onsite_ticket_get_building (ticket));
  add_field (out, _("Floor"), onsite_ticket_get_floor (ticket));
  add_field (out, _("Room"), onsite_ticket_get_room (ticket));

  contact_name = details->contact_name ? details->contact_name : onsite_ticket_get_requester (ticket);
  contact_phone = details->contact_phone ? details->contact_phone : onsite_ticket_get_requester_contact (ticket);
  add_field (out, _("Contact on site"), contact_name);
  add_field (out, _("Phone or email"), contact_phone);

  add_block (out, _("Problem"), onsite_ticket_get_description (ticket));
  add_block (out, _("What our technician found"), details->findings);
  add_block (out, _("What our technician tried"), details->tried);
  add_list (out, _("Serial numbers"), details->serial_numbers);
  add_list (out, _("Asset tags"), details->asset_tags);
  add_list (out, _("Attachments"), details->attachments);

  g_string_append_c (out, '\n');
  /* Translators: %s is our ticket reference */
  g_string_append_printf (out, _("Please reply with your case number and quote %s in every message."), ref);
  g_string_append_c (out, '\n');

  return g_string_free (g_steal_pointer (&out), FALSE);
}

static gboolean
address_ok (const char *address)
{
  const char *at = strchr (address, '@');

  if (at == NULL || at == address || at[1] == '\0' || strchr (at + 1, '@'))
    return FALSE;

  for (const char *p = address; *p; p++)
    {
      guchar c = *p;

      /* Anything that could end the address or start a header. */
      if (c <= ' ' || c == 0x7f || strchr ("?&#%,;:<>\"\\()[]", c))
        return FALSE;
    }

  return TRUE;
}

/* Line breaks become CRLF, as RFC 6068 asks of a body. */
static char *
escape_text (const char *text)
{
  g_autofree char *cleaned = clean (text);
  g_autoptr(GString) crlf = g_string_new (NULL);

  for (const char *p = cleaned; *p; p++)
    {
      if (*p == '\n')
        g_string_append (crlf, "\r\n");
      else
        g_string_append_c (crlf, *p);
    }

  /* Only unreserved characters stay; "+", "&", "=", "#", "%" and every
   * byte of UTF-8 are escaped. */
  return g_uri_escape_string (crlf->str, NULL, FALSE);
}

/**
 * onsite_mailto_uri:
 * @to: the vendor contact's address
 * @cc: (nullable): more addresses (an escalation contact)
 * @subject: (nullable): the subject
 * @body: (nullable): the message
 * @error: where to say which address cannot be used
 *
 * A `mailto:` link (RFC 6068) for the desktop's e-mail client. Subject and
 * body are percent-encoded so that no text, however hostile, can add a
 * recipient or a header; addresses that are not plain addresses are
 * refused with %ONSITE_VENDOR_ERROR_ADDRESS.
 *
 * Returns: (transfer full): the link, or %NULL with @error set
 */
char *
onsite_mailto_uri (const char          *to,
                   const char * const  *cc,
                   const char          *subject,
                   const char          *body,
                   GError             **error)
{
  g_autoptr(GString) uri = g_string_new ("mailto:");
  char joiner = '?';

  if (to == NULL || !address_ok (to))
    {
      g_set_error (error, ONSITE_VENDOR_ERROR, ONSITE_VENDOR_ERROR_ADDRESS,
                   _("“%s” is not an email address the message can go to."), to ? to : "");
      return NULL;
    }

  for (guint i = 0; cc && cc[i]; i++)
    {
      if (!address_ok (cc[i]))
        {
          g_set_error (error, ONSITE_VENDOR_ERROR, ONSITE_VENDOR_ERROR_ADDRESS,
                       _("“%s” is not an email address the message can go to."), cc[i]);
          return NULL;
        }
    }

  {
    g_autofree char *escaped = g_uri_escape_string (to, "@", FALSE);

    g_string_append (uri, escaped);
  }

  for (guint i = 0; cc && cc[i]; i++)
    {
      g_autofree char *escaped = g_uri_escape_string (cc[i], "@", FALSE);

      g_string_append_printf (uri, "%ccc=%s", joiner, escaped);
      joiner = '&';
    }

  if (subject && *subject)
    {
      g_autofree char *line = clean_line (subject);
      g_autofree char *escaped = g_uri_escape_string (line, NULL, FALSE);

      g_string_append_printf (uri, "%csubject=%s", joiner, escaped);
      joiner = '&';
    }

  if (body && *body)
    {
      g_autofree char *escaped = escape_text (body);

      g_string_append_printf (uri, "%cbody=%s", joiner, escaped);
    }

  return g_string_free (g_steal_pointer (&uri), FALSE);
}
