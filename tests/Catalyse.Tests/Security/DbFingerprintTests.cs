using Catalyse.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace Catalyse.Tests.Security;

/// <summary>The fingerprint that proves "nothing was written" sees every kind of write, even between cached readings.</summary>
public abstract class DbFingerprintTests(CatalyseFactory factory)
{
    [Fact]
    public async Task An_insert_an_update_and_a_delete_each_change_the_fingerprint_and_nothing_else_does()
    {
        var first = await DbFingerprint.TakeAsync(factory);
        DbFingerprint.AssertUnchanged(first, await DbFingerprint.TakeAsync(factory), "reading twice");

        var email = Unique.Email("empreinte");
        var user = await People.CreateConfirmedAsync(factory, email);
        var inserted = await DbFingerprint.TakeAsync(factory);
        Assert.Throws<Xunit.Sdk.FailException>(() => DbFingerprint.AssertUnchanged(first, inserted, "an insert"));

        await factory.WithDbAsync(db => db.Users.Where(u => u.Id == user.Id).ExecuteUpdateAsync(s => s.SetProperty(u => u.DisplayName, "Nom changé")));
        var updated = await DbFingerprint.TakeAsync(factory);
        var failure = Assert.Throws<Xunit.Sdk.FailException>(() => DbFingerprint.AssertUnchanged(inserted, updated, "an update"));
        Assert.Contains("Nom changé", failure.Message);

        await factory.WithDbAsync(db => db.Users.Where(u => u.Id == user.Id).ExecuteDeleteAsync());
        var deleted = await DbFingerprint.TakeAsync(factory);
        Assert.Throws<Xunit.Sdk.FailException>(() => DbFingerprint.AssertUnchanged(updated, deleted, "a delete"));
    }
}

[Collection(SqliteCollection.Name)]
public sealed class DbFingerprintSqliteTests(CatalyseFactory factory) : DbFingerprintTests(factory);

[Collection(PostgresCollection.Name)]
public sealed class DbFingerprintPostgresTests(PostgresFactory factory) : DbFingerprintTests(factory);
