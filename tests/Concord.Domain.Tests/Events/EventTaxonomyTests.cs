using Concord.Domain.Cases;
using Concord.Domain.Events;

namespace Concord.Domain.Tests.Events;

public sealed class EventTaxonomyTests
{
    private static IEnumerable<T> CityManagement<T>(IEnumerable<T> all, Func<T, string> classCode) =>
        all.Where(x => EventTaxonomy.FindClass(classCode(x))!.Family == EventFamily.CityManagement);

    [Fact]
    public void City_management_has_9_classes_32_subclasses_and_90_items()
    {
        EventTaxonomy.Classes.Count(c => c.Family == EventFamily.CityManagement).ShouldBe(9);
        CityManagement(EventTaxonomy.Subclasses, s => s.ClassCode).Count().ShouldBe(32);
        CityManagement(EventTaxonomy.Items, i => i.ClassCode).Count().ShouldBe(90);
    }

    [Fact]
    public void The_city_management_classes_are_those_of_digital_urban_management()
    {
        EventTaxonomy.Classes.Where(c => c.Family == EventFamily.CityManagement).Select(c => c.Name)
            .ShouldBe(["市容环境", "宣传广告", "施工管理", "突发事件", "街面秩序", "市政设施", "园林绿化", "房屋土地", "其他"]);
    }

    [Fact]
    public void Besides_city_management_there_are_disputes_safety_hazards_and_public_sentiment()
    {
        EventTaxonomy.Classes.Where(c => c.Family != EventFamily.CityManagement).Select(c => c.Name).ShouldBe(["矛盾纠纷", "安全隐患", "社情民意"]);
    }

    [Fact]
    public void Every_dispute_category_has_exactly_one_dispute_item_and_shares_its_service_code()
    {
        var disputeItems = EventTaxonomy.Items.Where(i => i.Family == EventFamily.Dispute).ToList();
        disputeItems.Select(i => i.DisputeCategoryCode).Order().ShouldBe(Categories.All.Select(c => c.Code).Order());
        foreach (var category in Categories.All)
        {
            var item = EventTaxonomy.ForDisputeCategory(category.Code).ShouldNotBeNull();
            item.ServiceCode.ShouldBe(category.ServiceCode);
            EventTaxonomy.FindByServiceCode(category.ServiceCode).ShouldBe(item);
        }

        EventTaxonomy.Items.Where(i => i.Family != EventFamily.Dispute).ShouldAllBe(i => i.DisputeCategoryCode == null);
    }

    [Fact]
    public void Codes_and_service_codes_are_unique_and_every_item_is_complete()
    {
        EventTaxonomy.Items.Select(i => i.Code).ShouldBeUnique();
        EventTaxonomy.Items.Select(i => i.ServiceCode).ShouldBeUnique();
        EventTaxonomy.Subclasses.Select(s => s.Code).ShouldBeUnique();
        foreach (var item in EventTaxonomy.Items)
        {
            item.Name.ShouldNotBeNullOrWhiteSpace();
            item.Description.ShouldNotBeNullOrWhiteSpace(item.Code);
            EventDepartments.Names.ContainsKey(item.DepartmentSuffix).ShouldBeTrue(item.Code);
            item.Code.ShouldStartWith(item.SubclassCode);
            item.SubclassCode.ShouldStartWith(item.ClassCode);
        }
    }

    [Fact]
    public void An_item_is_found_by_code_and_by_service_code_and_reads_as_a_path()
    {
        var item = EventTaxonomy.FindItem("060201").ShouldNotBeNull();
        item.Name.ShouldBe("井盖缺失");
        item.ServiceCode.ShouldBe("event-060201");
        EventTaxonomy.FindByServiceCode("event-060201").ShouldBe(item);
        EventTaxonomy.PathOf("060201").ShouldBe("市政设施 / 井盖 / 井盖缺失");
        EventTaxonomy.FindItem("999999").ShouldBeNull();
        EventTaxonomy.FindItem(null).ShouldBeNull();
    }
}
