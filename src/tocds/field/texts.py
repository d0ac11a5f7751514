"""The field app's texts for its scripts, translated on the server and rendered into the shell
page as JSON data (`json_script`, which the strict CSP allows because it is not executed).
Placeholders are `%(name)s`, filled in by the script."""

from django.utils.translation import gettext as _

from tocds.core.skills import Skill


def client_texts() -> dict[str, str]:
    return {
        "badge": _("%(count)s unsent, last sent %(when)s"),
        "never": _("never"),
        "sending": _("Sending…"),
        "sent": _("Sent: %(count)s."),
        "offline": _("No connection: the records stay on this phone and are sent later."),
        "server_error": _("The server cannot take the records now; trying again later."),
        "sign_in": _("Your sign-in has expired. Sign in again to send; nothing is lost."),
        "refused": _("The server refused this record: %(detail)s"),
        "conflicts": _(
            "%(count)s record(s) changed on the server meanwhile: the server's copy is kept "
            "here, yours was sent to an officer for review."
        ),
        "quarantined": _("%(count)s record(s) refused: correct them and save to send again."),
        "logout_refused": _(
            "You cannot sign out: %(count)s record(s) are not sent yet. Send them first "
            "(press “Send now” where there is a connection)."
        ),
        "persist_yes": _("Storage: kept on this phone (the browser will not clear it)."),
        "persist_no": _("Storage: the browser may clear it when space runs low. Send often."),
        "persist_unknown": _("Storage: this browser cannot promise to keep it. Send often."),
        "state_queued": _("Not sent"),
        "state_sending": _("Sending"),
        "state_sent": _("Sent"),
        "state_quarantined": _("Refused: needs correction"),
        "conflict_note": _("Changed on the server: the server's copy is shown."),
        "edit": _("Edit"),
        "nothing_to_send": _("Nothing to send."),
        "nobody_home": _("Nobody at home / come back later"),
        "ticked": _("%(count)s ticked"),
        "saved": _("Saved on this phone."),
        "need_household": _("Enter the house number or a short label."),
        "need_hamlet": _("Choose a hamlet."),
        "bad_people": _("Enter a number from 0 to 99."),
        "bad_service_people": _("Enter the people guided in each service (1 to 99)."),
        "no_assignment": _(
            "You have no assignment in an open campaign yet. Connect once to load it."
        ),
        "today": _("Today"),
        "people": _("%(count)s people"),
        "service_people": _("People who did this service"),
        "outcome": _("Outcome"),
        "done": _("Done"),
        "follow_up": _("Needs a follow-up visit"),
        "data_from": _("Data loaded %(when)s."),
        "no_data": _("No data on this phone yet: connect to the network once."),
        "no_visits": _("No visits recorded yet."),
        "unknown_personal": _(
            "The head of household's name and phone are not kept on this phone; if the "
            "household consented, enter them again."
        ),
        "field_household": _("Household"),
        "field_hamlet_code": _("Hamlet"),
        "field_people_guided": _("People guided"),
        "field_services": _("Services"),
        "field_consent": _("Consent"),
        "field_head_phone": _("Phone"),
        "field_head_name": _("Head of household"),
        "field_campaign_id": _("Campaign"),
        "field_team_id": _("Team"),
        "field_record": _("Record"),
        # The services of the visit form are grouped under their skill's name.
        **{f"skill_{value}": str(label) for value, label in Skill.choices},
    }
