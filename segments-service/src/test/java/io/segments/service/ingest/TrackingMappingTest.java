package io.segments.service.ingest;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static io.segments.service.ingest.Tracking.companies;
import static io.segments.service.ingest.Tracking.contacts;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Each tracking call's mapping, checked through segment membership. Every test uses its own
 * emails, ids and URLs, so the tests of this class share one database without interfering.
 */
class TrackingMappingTest extends IngestionTest {
    private Tracking tracking;

    @BeforeEach
    void client() {
        tracking = new Tracking(api);
    }

    @Test
    void pageCallsArePageViewsByPropertiesUrlElseContextPageUrl() {
        tracking.send("/v1/identify", "{'userId':'pv-ana','anonymousId':'pv-a1','traits':{'email':'ana@pv.test'}}");
        tracking.send("/v1/identify", "{'userId':'pv-bo','anonymousId':'pv-b1','traits':{'email':'bo@pv.test'}}");
        tracking.send("/v1/page", "{'anonymousId':'pv-a1','properties':{'url':'https://pv.test/pricing?plan=pro'}}");
        tracking.send("/v1/page", "{'anonymousId':'pv-a1','properties':{'path':'/x'},'context':{'page':{'url':'https://pv.test/Pricing'}}}");
        tracking.send("/v1/page", "{'userId':'pv-ana','properties':{'url':'https://pv.test/pricing#faq'}}");
        tracking.send("/v1/page", "{'anonymousId':'pv-b1','properties':{'url':'https://pv.test/pricing'}}");
        tracking.send("/v1/page", "{'anonymousId':'pv-b1','properties':{'url':'https://pv.test/blog'}}");

        assertThat(tracking.members(contacts("{'type':'pageView','urlContains':'pv.test/pricing','atLeast':3}"))).containsExactly("ana@pv.test");
        assertThat(tracking.members(contacts("{'type':'pageView','urlContains':'pv.test/pricing','atLeast':1}")))
                .containsExactly("ana@pv.test", "bo@pv.test");
        assertThat(tracking.members(contacts("{'type':'pageView','urlContains':'plan=pro'}"))).containsExactly("ana@pv.test");
    }

    @Test
    void formSubmittedWithAFormIdIsAFormSubmissionAndJoinsTheCatalog() {
        tracking.send("/v1/identify", "{'userId':'fs-cy','traits':{'email':'cy@fs.test'}}");
        tracking.send("/v1/identify", "{'userId':'fs-di','traits':{'email':'di@fs.test'}}");
        tracking.send("/v1/track", "{'userId':'fs-cy','event':'Form Submitted','properties':{'formId':'fs-demo','formName':'Demo request'}}");
        tracking.send("/v1/track", "{'userId':'fs-di','event':'Form Submitted','properties':{'formId':'fs-newsletter'}}");
        tracking.send("/v1/track", "{'userId':'fs-di','event':'Form Viewed','properties':{'formId':'fs-demo'}}");

        assertThat(tracking.members(contacts("{'type':'formSubmit','form':'fs-demo'}"))).containsExactly("cy@fs.test");
        assertThat(tracking.members(contacts("{'type':'formSubmit','form':'fs-newsletter'}"))).containsExactly("di@fs.test");
        JsonNode forms = api.get("/api/schema/contacts").json().get("forms");
        assertThat(forms.toString()).contains("{\"id\":\"fs-demo\",\"name\":\"Demo request\"}")
                .contains("{\"id\":\"fs-newsletter\",\"name\":\"fs-newsletter\"}");
    }

    @Test
    void otherTrackEventsCountAsActivity() {
        tracking.send("/v1/identify", "{'userId':'ot-ed','traits':{'email':'ed@ot.test','createdAt':'2020-01-01T00:00:00Z','lifecycleStage':'lead'}}");
        tracking.send("/v1/identify", "{'userId':'ot-flo','traits':{'email':'flo@ot.test','createdAt':'2020-01-01T00:00:00Z','lifecycleStage':'lead'}}");
        tracking.send("/v1/track", "{'userId':'ot-ed','event':'Trial Started','timestamp':'2020-06-01T00:00:00Z'}");
        tracking.send("/v1/track", "{'userId':'ot-flo','event':'Trial Started'}");

        String recent = "{'type':'and','conditions':[{'type':'attribute','field':'email','operator':'endsWith','value':'@ot.test'},"
                + "{'type':'recency','of':'activity','operator':'withinLastDays','days':1}]}";
        assertThat(tracking.members(contacts(recent))).containsExactly("flo@ot.test");
        String older = "{'type':'and','conditions':[{'type':'attribute','field':'email','operator':'endsWith','value':'@ot.test'},"
                + "{'type':'recency','of':'activity','operator':'moreThanDaysAgo','days':30}]}";
        assertThat(tracking.members(contacts(older))).containsExactly("ed@ot.test");
    }

    @Test
    void identifyMapsBuiltInTraitsAndCreatedAtAndCustomProperties() {
        tracking.send("/v1/identify", "{'userId':'bt-gil','timestamp':'2023-03-01T10:00:00Z','traits':{'email':'Gil@BT.test','firstName':'Gil',"
                + "'country':'DE','lifecycleStage':'MQL','plan':'pro','seats':12,'beta':true}}");
        tracking.send("/v1/identify", "{'userId':'bt-hal','traits':{'email':'hal@bt.test','country':'FR','createdAt':'2021-05-05T00:00:00Z','plan':'free','seats':3}}");
        // An email differing only in case is the same contact (the latest spelling is kept).
        tracking.send("/v1/identify", "{'anonymousId':'bt-x','traits':{'email':'gil@bt.TEST','city':'Köln'}}");

        String bt = "{'type':'attribute','field':'email','operator':'endsWith','value':'@bt.test'}";
        assertThat(tracking.members(contacts(bt))).containsExactly("gil@bt.TEST", "hal@bt.test");
        assertThat(tracking.members(contacts("{'type':'and','conditions':[" + bt + ",{'type':'attribute','field':'country','operator':'equals','value':'de'},"
                + "{'type':'attribute','field':'city','operator':'equals','value':'KÖLN'},{'type':'attribute','field':'lifecycleStage','operator':'in','values':['mql']}]}")))
                .containsExactly("gil@bt.TEST");
        assertThat(tracking.members(contacts("{'type':'and','conditions':[" + bt + ",{'type':'attribute','field':'seats','operator':'gt','value':5}]}")))
                .containsExactly("gil@bt.TEST");
        assertThat(tracking.members(contacts("{'type':'and','conditions':[" + bt + ",{'type':'attribute','field':'plan','operator':'equals','value':'FREE'}]}")))
                .containsExactly("hal@bt.test");
        assertThat(tracking.members(contacts("{'type':'and','conditions':[" + bt + ",{'type':'attribute','field':'createdAt','operator':'before','value':'2022-01-01'}]}")))
                .containsExactly("hal@bt.test");
        assertThat(tracking.members(contacts("{'type':'and','conditions':[" + bt + ",{'type':'attribute','field':'createdAt','operator':'on','value':'2023-03-01'}]}")))
                .containsExactly("gil@bt.TEST");
        assertThat(tracking.members(contacts("{'type':'and','conditions':[" + bt + ",{'type':'attribute','field':'beta','operator':'equals','value':true}]}")))
                .containsExactly("gil@bt.TEST");
    }

    @Test
    void groupUpsertsTheCompanyByDomainElseGroupIdAndMovesTheContact() {
        tracking.send("/v1/identify", "{'userId':'gr-ida','anonymousId':'gr-i1','traits':{'email':'ida@gr.test'}}");
        tracking.send("/v1/identify", "{'userId':'gr-jon','traits':{'email':'jon@gr.test'}}");
        tracking.send("/v1/group", "{'userId':'gr-ida','groupId':'g-1','traits':{'domain':'acme-gr.test','name':'Acme','employeeCount':120,'industry':'Retail'}}");
        tracking.send("/v1/group", "{'userId':'gr-jon','groupId':'g-1','traits':{'name':'Acme Inc'}}");
        tracking.send("/v1/group", "{'anonymousId':'gr-i1','groupId':'globex-gr.test','traits':{'employeeCount':5}}");
        tracking.send("/v1/page", "{'userId':'gr-jon','properties':{'url':'https://gr.test/pricing'}}");

        String gr = "{'type':'attribute','field':'domain','operator':'endsWith','value':'gr.test'}";
        assertThat(tracking.members(companies(gr))).containsExactly("acme-gr.test", "globex-gr.test");
        assertThat(tracking.members(companies("{'type':'and','conditions':[" + gr + ",{'type':'attribute','field':'name','operator':'equals','value':'acme inc'}]}")))
                .containsExactly("acme-gr.test");
        // Ida moved to Globex by her anonymous id; Jon stays at Acme (found by its group id).
        assertThat(tracking.members(companies("{'type':'and','conditions':[" + gr + ",{'type':'people','atLeast':1,'where':"
                + "{'type':'attribute','field':'email','operator':'equals','value':'ida@gr.test'}}]}"))).containsExactly("globex-gr.test");
        assertThat(tracking.members(companies("{'type':'and','conditions':[" + gr + ",{'type':'people','atLeast':1,'where':"
                + "{'type':'pageView','urlContains':'gr.test/pricing'}}]}"))).containsExactly("acme-gr.test");
        assertThat(tracking.members(contacts("{'type':'attribute','field':'company.employeeCount','operator':'lt','value':10}")))
                .containsExactly("ida@gr.test");
    }

    @Test
    void aGroupCallBeforeItsSenderIsIdentifiedLinksOnceTheContactExists() {
        // Libraries may deliver batches out of order: the group arrives before the identify.
        tracking.send("/v1/group", "{'messageId':'oo-g','userId':'oo-kai','groupId':'g-oo','traits':{'domain':'oo.test','name':'Out of Order'}}");
        tracking.send("/v1/group", "{'anonymousId':'oo-v','groupId':'g-oo2','traits':{'domain':'oo2.test'}}");
        String people = "{'type':'people','atLeast':1,'where':{'type':'attribute','field':'email','operator':'endsWith','value':'@oo.test'}}";
        assertThat(tracking.members(companies(people))).isEmpty();
        assertThat(api.get("/api/ingestion/problems?messageId=oo-g").json().get("problems").get(0).get("code").asText()).isEqualTo("unknown_contact");

        tracking.send("/v1/identify", "{'userId':'oo-kai','traits':{'email':'kai@oo.test'}}");
        tracking.send("/v1/identify", "{'userId':'oo-lu','anonymousId':'oo-v','traits':{'email':'lu@oo.test'}}");
        assertThat(tracking.members(companies(people))).containsExactly("oo.test", "oo2.test");
        assertThat(tracking.members(contacts("{'type':'attribute','field':'company.domain','operator':'equals','value':'oo2.test'}"))).containsExactly("lu@oo.test");
    }
}
