// Shows only the fields the chosen channel uses; the server checks them whatever is shown.
const CHANNEL_FIELDS = {
  copies: ["documents"],
  outlet: ["article"],
  outlet_name: ["article", "online"],
  visits_from: ["door_to_door"],
  visits_until: ["door_to_door"],
  team: ["door_to_door"],
};

function showChannelFields() {
  const channel = document.getElementById("id_channel");
  if (!channel) return;
  for (const [field, channels] of Object.entries(CHANNEL_FIELDS)) {
    const wrapper = document.getElementById(`div_id_${field}`);
    const input = document.getElementById(`id_${field}`);
    // A field holding a value (or an error) stays visible, so nothing typed is hidden away.
    const keep = input && input.value && input.value !== "0";
    if (wrapper) wrapper.hidden = !channels.includes(channel.value) && !keep;
  }
}

document.addEventListener("change", (event) => {
  if (event.target.id === "id_channel") showChannelFields();
});
showChannelFields();
