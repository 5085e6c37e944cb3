"""An action names the places it targets (wards or LSOAs): chosen on its form or sent by the API,
checked against the loaded areas, kept in its history, and its page embeds the dashboard's
fragment saying whether they are still hot spots (the strategy app never imports the
dashboard)."""

from __future__ import annotations

import pytest
from django.urls import reverse
from django.utils import timezone

from incidents.models import Area
from mkviolence.roles import BOARD_MEMBER, COORDINATOR
from strategy.demo import strategy_demo_load
from strategy.models import Action
from strategy.services import ActionRuleError, action_update

pytestmark = pytest.mark.django_db


@pytest.fixture
def action(reference):
    strategy_demo_load(today=timezone.localdate())
    return Action.objects.order_by("id").first()


def _places():
    ward = Area.objects.filter(parent__code="E06000042", level="ward").order_by("name").first()
    lsoa = Area.objects.filter(parent=ward, level="lsoa", vintage=2011).order_by("code").first()
    return ward, lsoa


def test_a_coordinator_chooses_places_on_the_form_and_they_are_in_the_history(
    client, make_user, action
):
    client.force_login(make_user(COORDINATOR))
    ward, lsoa = _places()
    url = reverse("strategy:action-edit", args=[action.pk])
    form = client.get(url).context["form"]
    offered = {code for _group, options in form.fields["places"].choices for code, _ in options}
    assert {ward.code, lsoa.code} <= offered and len(offered) == 19 + 152
    data = {k: v for k, v in form.initial.items() if v is not None and k != "places"}
    data.update(
        supporting_partners=[],
        measures=["knife-crime"],
        places=[ward.code, lsoa.code],
        due_on=action.due_on.isoformat() if action.due_on else "",
        starts_on=action.starts_on.isoformat() if action.starts_on else "",
        evidence_links="",
        **{"milestones-TOTAL_FORMS": 0, "milestones-INITIAL_FORMS": 0},
    )
    response = client.post(url, data)
    assert response.status_code == 302, response.content.decode()[:2000]
    action.refresh_from_db()
    assert sorted(action.places) == sorted([ward.code, lsoa.code])
    assert "places" in action.updates.latest("made_at").changes


def test_the_action_page_embeds_whether_its_places_are_hot_spots(client, make_user, action):
    ward, lsoa = _places()
    action_update(action_id=action.pk, places=[ward.code, lsoa.code], measures=["knife-crime"])
    client.force_login(make_user(BOARD_MEMBER))
    page = client.get(reverse("strategy:action", args=[action.pk])).content.decode()
    src = f"{reverse('hot-spot-places')}?places={ward.code},{lsoa.code}&amp;measures=knife-crime"
    assert f'src="{src}"' in page
    embedded = client.get(src.replace("&amp;", "&"))
    assert embedded.status_code == 200
    assert embedded["X-Frame-Options"] == "SAMEORIGIN"
    text = embedded.content.decode()
    assert f"{ward.name} ({ward.code})" in text and f"{lsoa.name} ({lsoa.code})" in text
    assert "There are no figures for this measure yet." in text  # nothing imported here


def test_an_unknown_place_is_refused_and_nothing_changes(action):
    with pytest.raises(ActionRuleError) as refused:
        action_update(action_id=action.pk, places=["E01999999"])
    assert refused.value.field == "places" and "E01999999" in refused.value.message
    action.refresh_from_db()
    assert action.places == []
