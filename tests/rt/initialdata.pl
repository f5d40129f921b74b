# tests/rt/initialdata.pl — RT "initialdata" for Onsite's private test instance.
#
# Copyright 2026 The Onsite Authors
# SPDX-License-Identifier: GPL-3.0-or-later
#
# One queue for on-site work, the ticket custom fields Onsite reads, and a
# group of privileged technicians that may own tickets in that queue.

@Queues = (
  {
    Name              => 'Onsite',
    Description       => 'Tickets that need a visit on site',
    CorrespondAddress => '',
    CommentAddress    => '',
  },
  {
    Name        => 'Helpdesk',
    Description => 'Remote first-level support',
  },
);

@CustomFields = map {
  {
    Name        => $_,
    Type        => 'FreeformSingle',
    LookupType  => 'RT::Queue-RT::Ticket',
    Queue       => ['Onsite', 'Helpdesk'],
    Description => "Onsite test field $_",
  }
} ('Support Level', 'Site', 'Address', 'Latitude', 'Longitude',
   'Vendor Case', 'Visit Start', 'Visit End');

@Users = map {
  {
    Name         => $_,
    Password     => 'password',
    EmailAddress => "$_\@example.invalid",
    RealName     => ucfirst ($_) . ' Technician',
    Privileged   => 1,
  }
} ('alice', 'bob', 'carol');

@Groups = (
  {
    Name        => 'Technicians',
    Description => 'Field technicians',
    Members     => { Users => ['alice', 'bob', 'carol'] },
  },
);

@ACL = (
  map ({
    {
      GroupId     => 'Technicians',
      GroupDomain => 'UserDefined',
      Queue       => 'Onsite',
      Right       => $_,
    }
  } qw(SeeQueue ShowTicket CreateTicket OwnTicket ModifyTicket TakeTicket ReassignTicket
       StealTicket CommentOnTicket ReplyToTicket ShowTicketComments
       SeeCustomField ModifyCustomField)),
  # Onsite reads who is in the group of technicians (rt-technician-group):
  # REST2 finds a group with SeeGroup, and lists its members only with
  # AdminGroupMembership.
  map ({
    {
      GroupId     => 'Technicians',
      GroupDomain => 'UserDefined',
      Right       => $_,
    }
  } qw(SeeGroup AdminGroupMembership)),
);

1;
